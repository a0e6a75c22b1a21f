package io.tributary.validator.deep;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.kafka.ApplyLag;
import io.tributary.common.validation.Comparison;
import io.tributary.common.validation.ValidationDifference;
import io.tributary.common.validation.ValidationMode;
import io.tributary.common.validation.ValidationResult;
import io.tributary.common.validation.ValidationStatus;
import io.tributary.validator.ResultTime;
import io.tributary.validator.ValidatedTable;
import io.tributary.validator.ValidationException;
import io.tributary.validator.ValidatorConfig;
import io.tributary.validator.Verdict;
import io.tributary.validator.changes.ChangedKeys;
import io.tributary.validator.diff.DiffResult;
import io.tributary.validator.diff.DiffSettings;
import io.tributary.validator.diff.Difference;
import io.tributary.validator.diff.RejectedKeys;
import io.tributary.validator.diff.RowScanner;
import io.tributary.validator.diff.TableDiffer;
import io.tributary.validator.postgres.PostgresRowScanner;
import io.tributary.validator.source.SourceReader;
import io.tributary.validator.source.SourceReaders;
import io.tributary.validator.source.SourceSide;
import io.tributary.validator.source.WriteMark;
import io.tributary.validator.target.ApplyProgressRepository;
import io.tributary.validator.target.TargetReader;
import io.tributary.validator.target.TargetSide;
import io.tributary.validator.target.TopicOffsetReader;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.jboss.logging.Logger;

/**
 * Compares one table for a deep or final validation: first by the whole-table checksums of both
 * sides (when they agree, with no rejected rows, nothing differs), else row by row ({@link
 * TableDiffer}): the source read through its kind's reader ({@code SqliteRowScanner}, {@link
 * PostgresRowScanner} on the source's view) and the target through {@link PostgresRowScanner}, both
 * leaving out the rows apply rejected. Reads apply's lag and the source's write mark before, and
 * the mark again after, so {@link DeepDecider} can tell differences in flight from real ones, and a
 * frozen source from one still written. Never throws: whatever fails becomes an {@code ERROR}
 * result saying why. Blocking.
 */
@ApplicationScoped
class DeepTableValidator {
  private static final Logger LOG = Logger.getLogger(DeepTableValidator.class);

  private final SourceReaders sources;
  private final TargetReader target;
  private final ApplyProgressRepository progress;
  private final TopicOffsetReader kafka;
  private final Pool pool;
  private final ValidatorConfig config;
  private final ExecutorService targetReads;

  public DeepTableValidator(
      SourceReaders sources,
      TargetReader target,
      ApplyProgressRepository progress,
      TopicOffsetReader kafka,
      Pool pool,
      ValidatorConfig config) {
    this.sources = sources;
    this.target = target;
    this.progress = progress;
    this.kafka = kafka;
    this.pool = pool;
    this.config = config;
    AtomicInteger n = new AtomicInteger();
    this.targetReads =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "tributary-deep-target-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  @PreDestroy
  void stop() {
    targetReads.shutdownNow();
  }

  /** What comparing a table gave: the result, and every difference listed. */
  public record Outcome(ValidationResult result, DiffResult diff) {}

  /**
   * Compares one table.
   *
   * @param mode {@code deep} or {@code final}
   * @param requestId the request this comparison answers
   */
  public Outcome validate(ValidatedTable table, ValidationMode mode, long requestId) {
    Instant started = Instant.now();
    long begin = System.nanoTime();
    if (table.definition() == null) {
      return error(table, mode, requestId, table.definitionProblem());
    }
    SourceReader source = sources.of(table.sourceKind()).orElse(null);
    if (source == null) {
      return error(table, mode, requestId, SourceReaders.unsupported(table.sourceKind()));
    }
    try {
      return compare(table, source, mode, requestId, started, begin);
    } catch (ValidationException e) {
      return error(table, mode, requestId, e.getMessage());
    } catch (RuntimeException e) {
      LOG.debugf(e, "Deep validation of %s failed", table.key());
      return error(table, mode, requestId, "validation failed: " + e);
    }
  }

  private Outcome compare(
      ValidatedTable table,
      SourceReader source,
      ValidationMode mode,
      long requestId,
      Instant started,
      long begin) {
    TableDef definition = table.definition();
    TopicOffsetReader.TopicEnd end = kafka.endOf(table.topic());
    Map<Integer, Long> endOffsets = end.offsets();
    String kafkaProblem = end.problem();
    TargetSide counted = target.count(table).await().indefinitely();
    Long lag = endOffsets == null ? null : ApplyLag.lag(endOffsets, counted.nextOffsets());
    WriteMark markBefore = source.writeMark(table);
    long sourceCount = source.count(table);
    RejectedKeys rejects =
        RejectedKeys.of(
            definition, progress.rejectedKeys(pool, table.key()).await().indefinitely());

    DiffResult diff = wholeTableMatch(table, source, counted);
    String how = diff != null ? "whole-table checksums" : "row by row";
    if (diff == null) {
      diff =
          new TableDiffer(settings(), targetReads)
              .diff(
                  definition,
                  source.rowScanner(table, rejects),
                  targetScanner(table, rejects),
                  Math.max(sourceCount, counted.rows()));
    }

    WriteMark markAfter = source.writeMark(table);
    boolean unchanged = Objects.equals(markBefore, markAfter);
    // a final comparison has no settle time to wait for: its source is frozen and drained, and a
    // write during the comparison makes it an ERROR (DeepDecider)
    boolean settled =
        unchanged
            && mode != ValidationMode.FINAL
            && source
                .lastWrite(table, SourceSide.counted(sourceCount))
                .isBefore(started.minus(config.sourceSettle()));
    Verdict verdict =
        DeepDecider.decide(mode, diff, table.snapshotDone(), lag, kafkaProblem, unchanged, settled);
    long millis = (System.nanoTime() - begin) / 1_000_000;
    LOG.infof(
        "Compared %s (%s, %s): %d source and %d target rows in %.3f s (%.0f rows/s), %d passes: %s",
        table.key(),
        mode,
        how,
        diff.sourceRows(),
        diff.targetRows(),
        millis / 1000.0,
        (diff.sourceRows() + diff.targetRows()) / Math.max(millis / 1000.0, 1e-3) / 2,
        diff.passes(),
        verdict.status());
    return outcome(
        table,
        mode,
        requestId,
        diff,
        verdict,
        diff.sourceRows() + diff.rejectedRows(),
        diff.targetRows(),
        counted.rejectedRows(),
        lag,
        millis);
  }

  /** The result of a comparison, with its first differences. */
  /**
   * The rows of these keys (capture's form) compared on both sides as they are now, for validation
   * in reverse: no counts, no freeze.
   *
   * @return the comparison; null when the table's rows cannot be looked up by key
   * @throws ValidationException when a side cannot be read, in the operator's words
   */
  DiffResult diffWrittenBack(ValidatedTable table, List<ObjectNode> keys) {
    if (table.definition() == null) {
      throw new ValidationException(table.definitionProblem());
    }
    SourceReader source =
        sources
            .of(table.sourceKind())
            .orElseThrow(
                () -> new ValidationException(SourceReaders.unsupported(table.sourceKind())));
    return diffKeys(table, source, new ChangedKeys(keys, keys.size(), null));
  }

  /** A result of validation in reverse, for {@link #diffWrittenBack}'s comparison. */
  Outcome reverseOutcome(
      ValidatedTable table, Long requestId, DiffResult diff, Verdict verdict, long millis) {
    return outcome(
        table,
        ValidationMode.REVERSE,
        requestId,
        diff,
        verdict,
        diff.sourceRows(),
        diff.targetRows(),
        diff.rejectedRows(),
        null,
        millis);
  }

  private Outcome outcome(
      ValidatedTable table,
      ValidationMode mode,
      Long requestId,
      DiffResult diff,
      Verdict verdict,
      long sourceRows,
      long targetRows,
      long rejectedRows,
      Long lag,
      long millis) {
    TableDef definition = table.definition();
    Comparison comparison =
        new Comparison(
            diff.sourceRows(),
            diff.missingRows(),
            diff.extraRows(),
            diff.differingRows(),
            diff.differences().size(),
            diff.complete(),
            diff.passes(),
            millis,
            published(diff.differences()));
    ValidationResult result =
        new ValidationResult(
            null,
            requestId,
            table.migration(),
            table.source(),
            table.sourceTable(),
            definition.targetSchema(),
            definition.targetTable(),
            mode,
            verdict.status(),
            sourceRows,
            targetRows,
            rejectedRows,
            null,
            lag,
            diff.sourceChecksum(),
            diff.targetChecksum(),
            verdict.detail(),
            ResultTime.now(),
            null,
            comparison);
    return new Outcome(result, diff);
  }

  /**
   * A precutover comparison with its differences in rows changed after the cutover's position set
   * aside ({@link ChangedRowsDecider#precutover}).
   *
   * @param changed the keys changed after the position; null when they could not be read
   */
  public Outcome setAside(ValidatedTable table, Outcome compared, ChangedKeys changed) {
    if (compared.diff() == null || compared.result().status() == ValidationStatus.ERROR) {
      return compared;
    }
    ChangedRowsDecider.Precutover decided =
        ChangedRowsDecider.precutover(table.definition(), compared.diff(), changed);
    ValidationResult r = compared.result();
    return outcome(
        table,
        r.mode(),
        r.requestId(),
        decided.diff(),
        decided.verdict(),
        r.sourceRows(),
        r.targetRows(),
        r.rejectedRows(),
        r.applyLag(),
        r.comparison() == null ? 0 : r.comparison().durationMs());
  }

  /**
   * A catch-up round of the precutover verification, before the freeze: the rows changed between
   * the position verified before and the round's, compared by key. The sources are still written,
   * so counts are not compared and a difference is set aside when its row changed after the round's
   * position. A table whose rows cannot be looked up by key, or whose changes are not all known, is
   * compared whole.
   *
   * @param changed the keys changed between the two positions
   */
  public Outcome validateChangedBefore(ValidatedTable table, long requestId, ChangedKeys changed) {
    long begin = System.nanoTime();
    TableDef definition = table.definition();
    if (definition == null) {
      return error(table, ValidationMode.PRECUTOVER, requestId, table.definitionProblem());
    }
    SourceReader source = sources.of(table.sourceKind()).orElse(null);
    if (source == null) {
      return error(
          table,
          ValidationMode.PRECUTOVER,
          requestId,
          SourceReaders.unsupported(table.sourceKind()));
    }
    if (changed == null || !changed.complete()) {
      return validate(table, ValidationMode.PRECUTOVER, requestId);
    }
    try {
      DiffResult diff = diffKeys(table, source, changed);
      if (diff == null) {
        return validate(table, ValidationMode.PRECUTOVER, requestId);
      }
      String rows =
          changed.keys().size()
              + (changed.keys().size() == 1 ? " row" : " rows")
              + " changed since the previous position: "
              + DeepDecider.summary(diff);
      Verdict verdict =
          new Verdict(diff.same() ? ValidationStatus.MATCH : ValidationStatus.MISMATCH, rows);
      long millis = (System.nanoTime() - begin) / 1_000_000;
      LOG.infof("Catch-up round of %s: %s in %d ms", table.key(), rows, millis);
      return outcome(
          table,
          ValidationMode.PRECUTOVER,
          requestId,
          diff,
          verdict,
          diff.sourceRows(),
          diff.targetRows(),
          0,
          null,
          millis);
    } catch (ValidationException e) {
      return error(table, ValidationMode.PRECUTOVER, requestId, e.getMessage());
    } catch (RuntimeException e) {
      LOG.debugf(e, "Catch-up round of %s failed", table.key());
      return error(table, ValidationMode.PRECUTOVER, requestId, "validation failed: " + e);
    }
  }

  /**
   * The final gate of one table on a frozen, drained source: exact counts of both sides and a
   * row-by-row comparison of the rows changed after the cutover's position. A table whose rows
   * cannot be looked up by key, or whose changes are not all known, is compared whole.
   *
   * @param changed the keys changed between the cutover's position and its final fences
   */
  public Outcome validateChanged(ValidatedTable table, long requestId, ChangedKeys changed) {
    long begin = System.nanoTime();
    TableDef definition = table.definition();
    if (definition == null) {
      return error(table, ValidationMode.FINAL, requestId, table.definitionProblem());
    }
    SourceReader source = sources.of(table.sourceKind()).orElse(null);
    if (source == null) {
      return error(
          table, ValidationMode.FINAL, requestId, SourceReaders.unsupported(table.sourceKind()));
    }
    if (changed == null || !changed.complete()) {
      return validate(table, ValidationMode.FINAL, requestId);
    }
    try {
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
      DiffResult diff = diffKeys(table, source, changed);
      if (diff == null) {
        return validate(table, ValidationMode.FINAL, requestId);
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
          table.key(),
          sourceCount,
          counted.rows(),
          changed.keys().size(),
          millis,
          verdict.status());
      return outcome(
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
    } catch (ValidationException e) {
      return error(table, ValidationMode.FINAL, requestId, e.getMessage());
    } catch (RuntimeException e) {
      LOG.debugf(e, "Final gate of %s failed", table.key());
      return error(table, ValidationMode.FINAL, requestId, "validation failed: " + e);
    }
  }

  /**
   * The rows of {@code changed}'s keys compared on both sides, looked up by key; null when the
   * table's rows cannot be looked up by key.
   */
  private DiffResult diffKeys(ValidatedTable table, SourceReader source, ChangedKeys changed) {
    RejectedKeys rejects =
        RejectedKeys.of(
            table.definition(), progress.rejectedKeys(pool, table.key()).await().indefinitely());
    return new TableDiffer(settings(), targetReads)
        .diffKeys(
            table.definition(),
            source.rowScanner(table, rejects),
            targetScanner(table, rejects),
            changed.keys());
  }

  /**
   * Both sides' whole-table checksums, read at the same time as continuous validation reads them
   * (the source on one connection per processor, the target summed in the database). When they
   * agree, with no rejected row on either side, the table holds the same rows on both sides and
   * there is nothing to look for row by row: the comparison is one pass over one range. Otherwise
   * null, and the table is compared row by row, which lists the differences.
   */
  private DiffResult wholeTableMatch(
      ValidatedTable table, SourceReader source, TargetSide counted) {
    if (counted.rejectedRows() != 0) {
      return null;
    }
    CompletableFuture<TargetSide> targetChecksum =
        target.checksum(table).subscribeAsCompletionStage().toCompletableFuture();
    SourceSide sourceSide;
    try {
      sourceSide = source.checksum(table);
    } catch (RuntimeException e) {
      targetChecksum.handle((side, failure) -> null).join(); // let the target read end first
      throw e;
    }
    TargetSide targetSide = TargetReader.join(targetChecksum);
    boolean same =
        (sourceSide.expectedRejects() == null || sourceSide.expectedRejects() == 0)
            && targetSide.rejectedRows() == 0
            && sourceSide.rows() == targetSide.rows()
            && sourceSide.checksum() != null
            && sourceSide.checksum().equals(targetSide.checksum());
    if (!same) {
      LOG.debugf(
          "Whole-table checksums of %s differ (%d rows %s, %d rows %s): comparing row by row",
          table.key(),
          sourceSide.rows(),
          sourceSide.checksum(),
          targetSide.rows(),
          targetSide.checksum());
      return null;
    }
    return new DiffResult(
        sourceSide.rows(),
        targetSide.rows(),
        0,
        sourceSide.checksum(),
        targetSide.checksum(),
        0,
        0,
        0,
        List.of(),
        true,
        1,
        1,
        0);
  }

  private DiffSettings settings() {
    ValidatorConfig.Deep deep = config.deep();
    return new DiffSettings(
        deep.leafRows(),
        deep.maxRanges(),
        deep.rowBudget(),
        deep.maxRowPasses(),
        deep.maxListed(),
        4);
  }

  private RowScanner targetScanner(ValidatedTable table, RejectedKeys rejects) {
    return new PostgresRowScanner(
        () -> pool,
        table.definition(),
        rejects,
        config.fetchSize(),
        config.queryTimeout(),
        e -> TargetReader.failure(table.definition(), e));
  }

  /** The first differences, as the result publishes them, numbered from 1 as they are stored. */
  private List<ValidationDifference> published(List<Difference> differences) {
    return IntStream.range(0, Math.min(differences.size(), config.deep().published()))
        .mapToObj(i -> differences.get(i).view(i + 1))
        .toList();
  }

  private static Outcome error(
      ValidatedTable table, ValidationMode mode, long requestId, String detail) {
    return new Outcome(table.error(mode, requestId, detail), null);
  }
}
