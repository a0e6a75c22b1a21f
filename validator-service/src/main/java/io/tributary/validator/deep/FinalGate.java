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
import io.tributary.validator.target.ApplyProgressRepository;
import io.tributary.validator.target.BehindApplyRecord;
import io.tributary.validator.target.BehindApplyRecord.ForeignWrites;
import io.tributary.validator.target.TargetReader;
import io.tributary.validator.target.TargetSide;
import io.tributary.validator.target.TopicOffsetReader;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * The final gate of one table on a frozen, drained source: a row-by-row comparison of the rows
 * changed after the cutover's position, and either exact counts of both sides ({@link
 * ChangedRowsDecider#finalGate}: a fallback's gate, or a table without the behind-apply record) or,
 * reading no table whole (DESIGN.md cutover step 4), the behind-apply record: the table was equal
 * on both sides at the position, every row changed since is compared, and nothing but apply wrote
 * the target since the record was installed ({@link ChangedRowsDecider#finalGateUncounted}).
 * Blocking.
 */
@ApplicationScoped
class FinalGate {
  private static final Logger LOG = Logger.getLogger(FinalGate.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final TargetReader target;
  private final TopicOffsetReader kafka;
  private final DeepDiffs diffs;
  private final DeepOutcomes outcomes;
  private final BehindApplyRecord record;
  private final ApplyProgressRepository progress;
  private final Pool pool;

  FinalGate(
      TargetReader target,
      TopicOffsetReader kafka,
      DeepDiffs diffs,
      DeepOutcomes outcomes,
      BehindApplyRecord record,
      ApplyProgressRepository progress,
      Pool pool) {
    this.record = record;
    this.progress = progress;
    this.pool = pool;
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
   * @param proof what may stand for exact counts, when it holds for the table
   * @return the outcome; null when the table's rows cannot be looked up by key
   * @throws io.tributary.source.spi.validate.ValidationException when a side cannot be read
   */
  Outcome compare(
      ValidatedTable table,
      ValidationSource source,
      long requestId,
      ChangedKeys changed,
      long begin,
      CountFreeProof proof) {
    if (proof == CountFreeProof.BEHIND_APPLY_RECORD) {
      ForeignWrites writes = record.of(table).await().atMost(TIMEOUT);
      if (writes.recording()) {
        return uncounted(
            table,
            source,
            requestId,
            changed,
            begin,
            "writes outside apply: " + writes.writes(),
            (diff, unmet) ->
                ChangedRowsDecider.finalGateUncounted(writes, diff, changed.keys().size(), unmet));
      }
      LOG.infof(
          "Final gate of %s: the behind-apply record is not on the table: counted", table.key());
    } else if (proof == CountFreeProof.SOURCE_GUARD
        || proof == CountFreeProof.SOURCE_GUARD_SINCE_GATE) {
      if (source.writesGuarded(table)) {
        return uncounted(
            table,
            source,
            requestId,
            changed,
            begin,
            "the source's freeze guard on",
            (diff, unmet) ->
                ChangedRowsDecider.fallbackGateUncounted(
                    proof == CountFreeProof.SOURCE_GUARD, diff, changed.keys().size(), unmet));
      }
      LOG.infof(
          "Final gate of %s: the source's freeze guard is not on the table: counted", table.key());
    }
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
    Verdict verdict =
        ChangedRowsDecider.finalGate(
            sourceCount,
            counted.rows(),
            counted.rejectedRows(),
            diff,
            changed.keys().size(),
            unmet(table, lag, end, markBefore, source));
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

  /**
   * The gate without counts: apply's offsets and rejects (no table read), the changed rows by key,
   * the record's foreign writes.
   */
  /** Decides a gate without counts: from the changed rows' comparison and what is unmet. */
  private interface UncountedDecision {
    Verdict decide(DiffResult changed, String unmet);
  }

  /**
   * The gate without counts: the changed rows compared by key, apply's offsets and rejects read.
   *
   * @param proof what stands for the counts, for the log
   */
  private Outcome uncounted(
      ValidatedTable table,
      ValidationSource source,
      long requestId,
      ChangedKeys changed,
      long begin,
      String proof,
      UncountedDecision decision) {
    TopicOffsetReader.TopicEnd end = kafka.endOf(table.topic());
    WriteMark markBefore = source.writeMark(table);
    Map<Integer, Long> applied = target.appliedOffsets(table).await().atMost(TIMEOUT);
    long rejected = progress.rejectedRows(pool, table.key()).await().atMost(TIMEOUT);
    Long lag = end.offsets() == null ? null : ApplyLag.lag(end.offsets(), applied);
    DiffResult diff = diffs.byKey(table, source, changed);
    if (diff == null) {
      return null;
    }
    Verdict verdict = decision.decide(diff, unmet(table, lag, end, markBefore, source));
    long millis = (System.nanoTime() - begin) / 1_000_000;
    LOG.infof(
        "Final gate of %s: no counts (%s), %d changed rows compared in %d ms: %s",
        table.key(), proof, changed.keys().size(), millis, verdict.status());
    return outcomes.of(
        table, ValidationMode.FINAL, requestId, diff, verdict, null, null, rejected, lag, millis);
  }

  /** Why the source is not frozen and drained, null when it is. */
  private static String unmet(
      ValidatedTable table,
      Long lag,
      TopicOffsetReader.TopicEnd end,
      WriteMark markBefore,
      ValidationSource source) {
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
    return unmet.isEmpty() ? null : String.join(", ", unmet);
  }
}
