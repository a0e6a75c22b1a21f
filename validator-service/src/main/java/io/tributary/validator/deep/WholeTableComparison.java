package io.tributary.validator.deep;

import io.tributary.common.kafka.ApplyLag;
import io.tributary.common.validation.ValidationMode;
import io.tributary.common.validation.ValidationStatus;
import io.tributary.source.spi.validate.RejectedKeys;
import io.tributary.source.spi.validate.SourceSide;
import io.tributary.source.spi.validate.ValidatedTable;
import io.tributary.source.spi.validate.ValidationException;
import io.tributary.source.spi.validate.ValidationSource;
import io.tributary.source.spi.validate.WriteMark;
import io.tributary.validator.DatabaseWait;
import io.tributary.validator.ValidatorConfig;
import io.tributary.validator.Verdict;
import io.tributary.validator.changes.TopicChanges;
import io.tributary.validator.deep.DeepTableValidator.Outcome;
import io.tributary.validator.diff.DiffResult;
import io.tributary.validator.diff.TableDiffer;
import io.tributary.validator.target.TargetReader;
import io.tributary.validator.target.TargetSide;
import io.tributary.validator.target.TopicOffsetReader;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * Compares a whole table for a deep or final validation: by the whole-table checksums of both sides
 * ({@link WholeTableChecksums}), else row by row ({@link DeepDiffs}). Reads apply's lag and the
 * source's write mark before, and the mark again after, so {@link DeepDecider} can tell differences
 * in flight from real ones, and a frozen source from one still written. Blocking.
 */
@ApplicationScoped
class WholeTableComparison {
  private static final Logger LOG = Logger.getLogger(WholeTableComparison.class);

  private final TargetReader target;
  private final TopicOffsetReader kafka;
  private final WholeTableChecksums checksums;
  private final DeepDiffs diffs;
  private final DeepOutcomes outcomes;
  private final ValidatorConfig config;

  private final DatabaseWait wait;

  WholeTableComparison(
      TargetReader target,
      TopicOffsetReader kafka,
      WholeTableChecksums checksums,
      DeepDiffs diffs,
      DeepOutcomes outcomes,
      ValidatorConfig config,
      DatabaseWait wait) {
    this.wait = wait;
    this.target = target;
    this.kafka = kafka;
    this.checksums = checksums;
    this.diffs = diffs;
    this.outcomes = outcomes;
    this.config = config;
  }

  /**
   * Compares the table. A deep comparison that finds differences while nothing but the settle time
   * could explain them (apply caught up, the snapshot done, the source not written during the
   * comparison but within {@code tributary.validator.source-settle} before it, as when capture has
   * just installed its triggers) waits out the rest of the settle time and compares once more: an
   * operator who asked gets {@code MATCH} or {@code MISMATCH}, not a {@code PENDING} that only says
   * they asked too early.
   *
   * @param started when the validation started (the source's last write must come before it, by the
   *     settle time, for a deep validation to call it settled)
   * @param begin {@link System#nanoTime()} when the validation started
   * @throws io.tributary.source.spi.validate.ValidationException when a side cannot be read
   */
  Outcome compare(
      ValidatedTable table,
      ValidationSource source,
      ValidationMode mode,
      long requestId,
      Instant started,
      long begin) {
    return compare(table, source, mode, requestId, started, begin, null);
  }

  /**
   * Compares the table, as of a cutover's position when {@code asOf} says which rows changed after
   * it ({@link io.tributary.validator.diff.TableDiffer#diffAsOf}): the rows that changed after it
   * are left out on both sides (later compared by key), every other row is compared as it was at
   * the position, and the whole-table checksums, which cannot agree while the source is written,
   * are not read first.
   *
   * @param asOf the table's changes after the position; null to compare the table as it is
   */
  Outcome compare(
      ValidatedTable table,
      ValidationSource source,
      ValidationMode mode,
      long requestId,
      Instant started,
      long begin,
      TopicChanges asOf) {
    Attempt attempt = attempt(table, source, mode, started, asOf);
    if (mode == ValidationMode.DEEP && attempt.onlyUnsettled(table)) {
      // the rest of the settle time, from now; none left when it ran out since the comparison
      // began (it is measured from then), and then the comparison is made again at once
      Duration rest =
          Duration.between(Instant.now(), attempt.lastWrite().plus(config.sourceSettle()));
      if (rest.compareTo(config.sourceSettle()) <= 0) {
        long wait = Math.max(0, rest.toMillis() + 1);
        LOG.infof(
            "%s differs while its source was written %s ago; compared again in %d ms, once it has"
                + " settled",
            table.key(), Duration.between(attempt.lastWrite(), Instant.now()), wait);
        try {
          Thread.sleep(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new ValidationException("interrupted while waiting for the source to settle", e);
        }
        attempt = attempt(table, source, mode, Instant.now(), null);
      }
    }
    DiffResult diff = attempt.diff();
    Verdict verdict = attempt.verdict();
    long millis = (System.nanoTime() - begin) / 1_000_000;
    LOG.infof(
        "Compared %s (%s, %s): %d source and %d target rows in %.3f s (%.0f rows/s), %d passes: %s%s",
        table.key(),
        mode,
        attempt.how(),
        diff.sourceRows(),
        diff.targetRows(),
        millis / 1000.0,
        (diff.sourceRows() + diff.targetRows()) / Math.max(millis / 1000.0, 1e-3) / 2,
        diff.passes(),
        verdict.status(),
        verdict.status() == ValidationStatus.MATCH ? "" : " (" + verdict.detail() + ")");
    return outcomes.of(
        table,
        mode,
        requestId,
        diff,
        verdict,
        diff.sourceRows() + diff.rejectedRows(),
        diff.targetRows(),
        attempt.counted().rejectedRows(),
        attempt.lag(),
        millis);
  }

  /** One comparison of both sides, and what the decider made of it. */
  private record Attempt(
      DiffResult diff,
      String how,
      TargetSide counted,
      Long lag,
      boolean unchanged,
      Instant lastWrite,
      Verdict verdict) {
    /** PENDING for no reason but a write to the source shortly before the comparison. */
    boolean onlyUnsettled(ValidatedTable table) {
      return verdict.status() == ValidationStatus.PENDING
          && unchanged
          && lastWrite != null
          && table.snapshotDone()
          && lag != null
          && lag == 0;
    }
  }

  private Attempt attempt(
      ValidatedTable table,
      ValidationSource source,
      ValidationMode mode,
      Instant started,
      TopicChanges asOf) {
    TopicOffsetReader.TopicEnd end = kafka.endOf(table.topic());
    Map<Integer, Long> endOffsets = end.offsets();
    String kafkaProblem = end.problem();
    TargetSide counted = wait.query(target.count(table), "counting " + table.sourceTable());
    Long lag = endOffsets == null ? null : ApplyLag.lag(endOffsets, counted.nextOffsets());
    WriteMark markBefore = source.writeMark(table);
    long sourceCount = source.count(table);
    RejectedKeys rejects = diffs.rejects(table);

    DiffResult diff;
    String how;
    long leftOut = 0;
    if (asOf != null) {
      TableDiffer.AsOfDiff compared =
          diffs.asOf(table, source, rejects, Math.max(sourceCount, counted.rows()), asOf);
      diff = compared.diff();
      how = compared.asOf() ? "as of the cutover's position" : "row by row";
      leftOut = compared.leftOut();
    } else {
      diff = checksums.match(table, source, counted);
      how = diff != null ? "whole-table checksums" : "row by row";
      if (diff == null) {
        diff = diffs.whole(table, source, rejects, Math.max(sourceCount, counted.rows()));
      }
    }

    WriteMark markAfter = source.writeMark(table);
    boolean unchanged = Objects.equals(markBefore, markAfter);
    // a final comparison has no settle time to wait for: its source is frozen and drained, and a
    // write during the comparison makes it an ERROR (DeepDecider)
    Instant lastWrite =
        unchanged && mode != ValidationMode.FINAL
            ? source.lastWrite(table, SourceSide.counted(sourceCount))
            : null;
    boolean settled = lastWrite != null && lastWrite.isBefore(started.minus(config.sourceSettle()));
    Verdict verdict =
        asOfPosition(
            asOf,
            leftOut,
            DeepDecider.decide(
                mode, diff, table.snapshotDone(), lag, kafkaProblem, unchanged, settled));
    return new Attempt(diff, how, counted, lag, unchanged, lastWrite, verdict);
  }

  /**
   * The verdict of a comparison as of a cutover's position: it says how many rows changed after the
   * position were left to the later comparisons by key; it is no verification at the position when
   * the table was snapshotted again after it (its rows were rewritten without a change each).
   */
  static Verdict asOfPosition(TopicChanges asOf, long leftOut, Verdict verdict) {
    if (asOf == null) {
      return verdict;
    }
    if (asOf.reset() != null) {
      return new Verdict(
          ValidationStatus.PENDING,
          "not verified at the cutover's position: "
              + asOf.reset()
              + "; the final gate compares this table whole; "
              + verdict.detail());
    }
    if (leftOut == 0 || verdict.status() != ValidationStatus.MATCH) {
      return verdict;
    }
    return new Verdict(
        verdict.status(),
        verdict.detail()
            + "; "
            + leftOut
            + (leftOut == 1 ? " row" : " rows")
            + " changed after the cutover's position left to the later comparisons by key");
  }
}
