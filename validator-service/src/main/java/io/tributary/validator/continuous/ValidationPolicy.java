package io.tributary.validator.continuous;

import io.tributary.common.validation.ValidationResult;
import io.tributary.common.validation.ValidationStatus;
import io.tributary.source.spi.validate.SourceFingerprint;
import io.tributary.validator.ValidatorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * When a table needs validating again and when a result is worth recording, so that quiet tables
 * cost nothing and the control schema and topic do not fill with repeats.
 */
@ApplicationScoped
class ValidationPolicy {
  private final Duration refresh;
  private final Duration lagRecount;
  private final double refreshShare;
  private final Duration refreshDuringLoad;

  @Inject
  public ValidationPolicy(ValidatorConfig config) {
    this(config.refresh(), config.lagRecount(), config.refreshShare(), config.refreshDuringLoad());
  }

  ValidationPolicy(Duration refresh) {
    this(refresh, Duration.ZERO);
  }

  ValidationPolicy(Duration refresh, Duration lagRecount) {
    this(refresh, lagRecount, 1, refresh);
  }

  /**
   * @param refreshShare the most of its time the validator spends re-reading unchanged matched
   *     tables ({@link ValidatorConfig#refreshShare()}), in (0, 1]
   * @param refreshDuringLoad how long an unchanged matched table goes without being re-read while
   *     another table loads ({@link ValidatorConfig#refreshDuringLoad()})
   * @throws IllegalArgumentException naming the setting when the share is not in (0, 1]
   */
  ValidationPolicy(
      Duration refresh, Duration lagRecount, double refreshShare, Duration refreshDuringLoad) {
    if (!(refreshShare > 0 && refreshShare <= 1)) {
      throw new IllegalArgumentException(
          "tributary.validator.refresh-share must be more than 0 and at most 1, not "
              + refreshShare);
    }
    this.refresh = refresh;
    this.lagRecount = lagRecount;
    this.refreshShare = refreshShare;
    this.refreshDuringLoad = refreshDuringLoad;
  }

  /**
   * True when the table can be left alone this run: its last result was MATCH, neither its source
   * nor its topic changed since, and it is not due to be re-read ({@link #refreshDue}). Never for a
   * forced run, nor when the source's fingerprint is unknown. End offsets that cannot be read now
   * (Kafka unreachable) count as unchanged: nothing new can reach the topic without the source
   * changing, and re-reading every matched table while Kafka is away would only add load.
   *
   * @param loading whether another table is still loading
   */
  public boolean canSkip(
      TableHistory history,
      SourceFingerprint fingerprint,
      Map<Integer, Long> endOffsets,
      Instant now,
      boolean forced,
      boolean loading) {
    return !forced
        && history != null
        && history.last().status() == ValidationStatus.MATCH
        && fingerprint != null
        && fingerprint.equals(history.sourceFingerprint())
        && (endOffsets == null || endOffsets.equals(history.endOffsets()))
        && now.isBefore(refreshDue(history, loading));
  }

  /**
   * When a table that matched and did not change is read again: {@code refresh} after its last
   * validation, or later for a table whose validation takes long (its time over {@code
   * refresh-share}), and no sooner than {@code refresh-during-load} while another table loads.
   */
  Instant refreshDue(TableHistory history, boolean loading) {
    Duration wait = atLeastBudgeted(refresh, history);
    if (loading && refreshDuringLoad.compareTo(wait) > 0) {
      wait = refreshDuringLoad;
    }
    return history.validatedAt().plus(wait);
  }

  /**
   * True when the table may be left as it was this run: its last result was {@code PENDING} and was
   * counted less than {@code lag-recount} ago. The caller defers a table that waited for apply only
   * while apply still lags behind its topic (it reads the lag only then), and a table {@code
   * PENDING} for another reason (its source written moments before, changes in flight) at once: a
   * source written all the time would otherwise be checksummed on every run. A table whose last
   * validation took long waits longer, as a matched one does ({@link #refreshDue}): its time over
   * {@code refresh-share} — a checksum of a table written all the time cannot align and ends {@code
   * PENDING}, and re-reading 2.3 million rows of a rollback-journal SQLite file every {@code
   * lag-recount} kept its application's writer from committing most of the time. Never for a forced
   * run.
   */
  public boolean mayDeferWhileLagging(TableHistory history, Instant now, boolean forced) {
    if (forced || history == null || history.last().status() != ValidationStatus.PENDING) {
      return false;
    }
    return now.isBefore(history.validatedAt().plus(atLeastBudgeted(lagRecount, history)));
  }

  /**
   * The longer of {@code wait} and the table's last validation time over {@code refresh-share}: the
   * validator spends at most that share of its time re-reading it.
   */
  private Duration atLeastBudgeted(Duration wait, TableHistory history) {
    if (history.took() == null) {
      return wait;
    }
    Duration budgeted = Duration.ofNanos((long) (history.took().toNanos() / refreshShare));
    return budgeted.compareTo(wait) > 0 ? budgeted : wait;
  }

  /**
   * True when a result must be recorded: forced runs always, otherwise when it says something else
   * than the last recorded one (any field but the time) or the refresh period has passed.
   */
  public boolean shouldRecord(TableHistory history, ValidationResult result, boolean forced) {
    if (forced || history == null || history.recorded() == null) {
      return true;
    }
    ValidationResult recorded = history.recorded();
    return !result.sameContent(recorded) || !result.at().isBefore(recorded.at().plus(refresh));
  }
}
