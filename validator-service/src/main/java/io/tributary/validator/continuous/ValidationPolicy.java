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

  @Inject
  public ValidationPolicy(ValidatorConfig config) {
    this(config.refresh(), config.lagRecount());
  }

  ValidationPolicy(Duration refresh) {
    this(refresh, Duration.ZERO);
  }

  ValidationPolicy(Duration refresh, Duration lagRecount) {
    this.refresh = refresh;
    this.lagRecount = lagRecount;
  }

  /**
   * True when the table can be left alone this run: its last result was MATCH, neither its source
   * file nor its topic changed since, and the refresh period has not passed. Never for a forced
   * run, nor when the source's fingerprint is unknown. End offsets that cannot be read now (Kafka
   * unreachable) count as unchanged: nothing new can reach the topic without the source file
   * changing, and re-reading every matched table while Kafka is away would only add load.
   */
  public boolean canSkip(
      TableHistory history,
      SourceFingerprint fingerprint,
      Map<Integer, Long> endOffsets,
      Instant now,
      boolean forced) {
    return !forced
        && history != null
        && history.last().status() == ValidationStatus.MATCH
        && fingerprint != null
        && fingerprint.equals(history.sourceFingerprint())
        && (endOffsets == null || endOffsets.equals(history.endOffsets()))
        && now.isBefore(history.validatedAt().plus(refresh));
  }

  /**
   * True when the table may be left as it was this run: its last result was {@code PENDING} and was
   * counted less than {@code lag-recount} ago. The caller defers a table that waited for apply only
   * while apply still lags behind its topic (it reads the lag only then), and a table {@code
   * PENDING} for another reason (its source written moments before, changes in flight) at once: a
   * source written all the time would otherwise be checksummed on every run. Never for a forced
   * run.
   */
  public boolean mayDeferWhileLagging(TableHistory history, Instant now, boolean forced) {
    return !forced
        && history != null
        && history.last().status() == ValidationStatus.PENDING
        && now.isBefore(history.validatedAt().plus(lagRecount));
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
