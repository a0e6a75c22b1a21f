package io.tributary.validator.deep;

import io.tributary.common.kafka.ApplyLag;
import io.tributary.common.validation.ValidationMode;
import io.tributary.source.spi.validate.ValidatedTable;
import io.tributary.source.spi.validate.ValidationSource;
import io.tributary.source.spi.validate.WriteMark;
import io.tributary.validator.Verdict;
import io.tributary.validator.changes.ChangedKeys;
import io.tributary.validator.deep.DeepTableValidator.Outcome;
import io.tributary.validator.diff.DiffResult;
import io.tributary.validator.target.TargetReader;
import io.tributary.validator.target.TargetSide;
import io.tributary.validator.target.TopicOffsetReader;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * The final gate of one table on a frozen, drained source: exact counts of both sides and a
 * row-by-row comparison of the rows changed after the cutover's position ({@link
 * ChangedRowsDecider#finalGate}). Blocking.
 */
@ApplicationScoped
class FinalGate {
  private static final Logger LOG = Logger.getLogger(FinalGate.class);

  private final TargetReader target;
  private final TopicOffsetReader kafka;
  private final DeepDiffs diffs;
  private final DeepOutcomes outcomes;

  FinalGate(TargetReader target, TopicOffsetReader kafka, DeepDiffs diffs, DeepOutcomes outcomes) {
    this.target = target;
    this.kafka = kafka;
    this.diffs = diffs;
    this.outcomes = outcomes;
  }

  /**
   * Passes the table through the gate.
   *
   * @param changed the keys changed between the cutover's position and its final fences, all of
   *     them
   * @param begin {@link System#nanoTime()} when the gate started
   * @return the outcome; null when the table's rows cannot be looked up by key
   * @throws io.tributary.source.spi.validate.ValidationException when a side cannot be read
   */
  Outcome compare(
      ValidatedTable table,
      ValidationSource source,
      long requestId,
      ChangedKeys changed,
      long begin) {
    TopicOffsetReader.TopicEnd end = kafka.endOf(table.topic());
    // both sides count at once: on a large table each count is a scan, under the freeze
    CompletableFuture<TargetSide> targetCount =
        target.count(table).subscribeAsCompletionStage().toCompletableFuture();
    WriteMark markBefore;
    long sourceCount;
    try {
      markBefore = source.writeMark(table);
      sourceCount = source.count(table);
    } catch (RuntimeException e) {
      targetCount.handle((side, failure) -> null).join(); // let the target's count end first
      throw e;
    }
    TargetSide counted = TargetReader.join(targetCount);
    Long lag = end.offsets() == null ? null : ApplyLag.lag(end.offsets(), counted.nextOffsets());
    DiffResult diff = diffs.byKey(table, source, changed);
    if (diff == null) {
      return null;
    }
    List<String> unmet = new ArrayList<>();
    if (!table.snapshotDone()) {
      unmet.add("the snapshot is not done");
    }
    if (lag == null) {
      unmet.add("apply lag unknown (" + end.problem() + ")");
    } else if (lag > 0) {
      unmet.add("apply has " + lag + " messages not yet applied (not drained)");
    }
    if (!Objects.equals(markBefore, source.writeMark(table))) {
      unmet.add("the source was written during the comparison (not frozen)");
    }
    Verdict verdict =
        ChangedRowsDecider.finalGate(
            sourceCount,
            counted.rows(),
            counted.rejectedRows(),
            diff,
            changed.keys().size(),
            unmet.isEmpty() ? null : String.join(", ", unmet));
    long millis = (System.nanoTime() - begin) / 1_000_000;
    LOG.infof(
        "Final gate of %s: counts %d/%d, %d rows changed after the position compared in %d ms: %s",
        table.key(), sourceCount, counted.rows(), changed.keys().size(), millis, verdict.status());
    return outcomes.of(
        table,
        ValidationMode.FINAL,
        requestId,
        diff,
        verdict,
        sourceCount,
        counted.rows(),
        counted.rejectedRows(),
        lag,
        millis);
  }
}
