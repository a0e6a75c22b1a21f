package io.tributary.validator.continuous;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.kafka.ApplyLag;
import io.tributary.common.validation.ValidationMode;
import io.tributary.common.validation.ValidationResult;
import io.tributary.source.spi.validate.CapturePosition;
import io.tributary.source.spi.validate.RejectedKeys;
import io.tributary.source.spi.validate.SourcePosition;
import io.tributary.source.spi.validate.SourceSide;
import io.tributary.source.spi.validate.ValidatedTable;
import io.tributary.source.spi.validate.ValidationException;
import io.tributary.source.spi.validate.ValidationSource;
import io.tributary.source.spi.validate.WriteMark;
import io.tributary.validator.DatabaseWait;
import io.tributary.validator.ErrorResults;
import io.tributary.validator.ResultTime;
import io.tributary.validator.ValidatorConfig;
import io.tributary.validator.Verdict;
import io.tributary.validator.source.ValidationSources;
import io.tributary.validator.target.ApplyProgressRepository;
import io.tributary.validator.target.TargetReader;
import io.tributary.validator.target.TargetSide;
import io.tributary.validator.target.TopicOffsetReader;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Validates one table once: counts both sides (cheap) and, only when the counts agree, checksums
 * both sides at the same time (the target streamed on the database's side while this thread reads
 * the source through its kind's {@link ValidationSource}); then reads how far capture has delivered
 * and, after that, the topic's end offsets, so {@link AlignmentDecider} can tell whether the two
 * reads hold the same changes; then lets {@link ContinuousDecider} decide. Never throws: whatever
 * fails becomes an {@code ERROR} result saying why. Blocking: call from a worker thread.
 */
@ApplicationScoped
class ContinuousTableValidator {
  private static final Logger LOG = Logger.getLogger(ContinuousTableValidator.class);

  private final ValidationSources sources;
  private final TargetReader target;
  private final TopicOffsetReader kafka;
  private final ApplyProgressRepository progress;
  private final Pool pool;
  private final ValidatorConfig config;

  private final DatabaseWait wait;

  public ContinuousTableValidator(
      ValidationSources sources,
      TargetReader target,
      TopicOffsetReader kafka,
      ApplyProgressRepository progress,
      Pool pool,
      ValidatorConfig config,
      DatabaseWait wait) {
    this.wait = wait;
    this.sources = sources;
    this.target = target;
    this.kafka = kafka;
    this.progress = progress;
    this.pool = pool;
    this.config = config;
  }

  /**
   * @param table the table
   * @param endOffsets the topic's end offsets read just before, null when Kafka did not answer
   *     (then it is not asked again for this table)
   * @param kafkaProblem why Kafka did not answer, else null
   * @param started when this validation started (the source's settle time counts back from it)
   */
  public ValidationResult validate(
      ValidatedTable table, Map<Integer, Long> endOffsets, String kafkaProblem, Instant started) {
    if (table.definition() == null) {
      return error(table, table.definitionProblem());
    }
    ValidationSource source = sources.of(table.sourceKind()).orElse(null);
    if (source == null) {
      return error(table, ValidationSources.unsupported(table.sourceKind()));
    }
    try {
      return compare(table, source, endOffsets, kafkaProblem, started);
    } catch (ValidationException e) {
      return error(table, e.getMessage());
    } catch (RuntimeException e) {
      LOG.debugf(e, "Validation of %s failed", table.key());
      return error(table, "validation failed: " + e);
    }
  }

  private ValidationResult compare(
      ValidatedTable table,
      ValidationSource sourceReader,
      Map<Integer, Long> endOffsets,
      String kafkaProblem,
      Instant started) {
    TableDef definition = table.definition();
    SourceSide source = sourceReader.counted(table);
    TargetSide targetSide = wait.query(target.count(table), "counting " + table.sourceTable());
    // Far behind (apply behind its topic, or capture behind the source), the target cannot be
    // aligned with this read, so checksums could only say PENDING, and they read every row of both
    // sides: a table catching up on a backlog is counted, not summed (the CPU goes to the
    // catch-up).
    Long applyLagAtCount =
        endOffsets == null ? null : ApplyLag.lag(endOffsets, targetSide.nextOffsets());
    boolean farBehind =
        (applyLagAtCount != null && applyLagAtCount > config.checksumLagLimit())
            || (table.snapshotDone()
                && sourceReader.captureFarBehind(
                    table, source.position(), config.checksumLagLimit()));
    if (source.rows() == targetSide.rows() + targetSide.rejectedRows() && !farBehind) {
      long begin = System.nanoTime();
      long[] targetDone = new long[1];
      CompletableFuture<TargetSide> targetChecksum =
          target
              .checksum(table)
              .subscribeAsCompletionStage()
              .whenComplete((side, failure) -> targetDone[0] = System.nanoTime())
              .toCompletableFuture();
      try {
        source = sourceReader.checksum(table);
      } catch (RuntimeException e) {
        targetChecksum.handle((side, failure) -> null).join(); // let the target read end first
        throw e;
      }
      long sourceDone = System.nanoTime();
      targetSide = TargetReader.join(targetChecksum);
      logSpeed(table, source.rows(), sourceDone - begin, targetSide.rows(), targetDone[0] - begin);
    }
    boolean settled =
        sourceReader.lastWrite(table, source).isBefore(started.minus(config.sourceSettle()));
    boolean rescanRaced = false;
    if (targetSide.rejectedRows() > 0
        && source.rows() == targetSide.rows() + targetSide.rejectedRows()
        && source.checksum() != null
        && !source.checksum().equals(targetSide.checksum())) {
      // the source's checksum holds the rejected rows: read it again without them
      WriteMark before = sourceReader.writeMark(table);
      RejectAwareChecksum.Read read =
          RejectAwareChecksum.read(
              sourceReader,
              table,
              RejectedKeys.of(
                  definition,
                  wait.control(
                      progress.rejectedKeys(pool, table.key()),
                      "reading the rejected keys of " + table.sourceTable())));
      rescanRaced = !before.equals(sourceReader.writeMark(table));
      source =
          new SourceSide(
              source.rows(), source.expectedRejects(), read.checksum(), source.position());
    }
    if (rescanRaced) {
      settled = false;
    }
    SourcePosition position = source.position();
    CapturePosition captured = null;
    if (position.known() && position.undelivered() == null && table.snapshotDone()) {
      boolean applyCaughtUp =
          endOffsets != null && ApplyLag.lag(endOffsets, targetSide.nextOffsets()) == 0;
      captured =
          awaitCapture(
              table,
              sourceReader,
              position,
              !farBehind && applyCaughtUp && differs(source, targetSide));
    }
    // read after capture's position: covers every change capture had delivered
    Map<Integer, Long> endOffsetsAfter = endOffsets == null ? null : endOffsetsNow(table);
    Alignment alignment =
        rescanRaced
            ? Alignment.unknown("the source was written while its rows were read again")
            : AlignmentDecider.decide(
                table.snapshotDone(), position, captured, endOffsetsAfter, targetSide);
    Map<Integer, Long> lagFrom = endOffsetsAfter != null ? endOffsetsAfter : endOffsets;
    Long lag = lagFrom == null ? null : ApplyLag.lag(lagFrom, targetSide.nextOffsets());
    Verdict verdict =
        ContinuousDecider.decide(
            new Observation(
                source.rows(),
                targetSide.rows(),
                targetSide.rejectedRows(),
                source.expectedRejects(),
                source.checksum(),
                targetSide.checksum(),
                table.snapshotDone(),
                lag,
                kafkaProblem,
                settled,
                alignment));
    return new ValidationResult(
        null,
        null,
        table.migration(),
        table.source(),
        table.sourceTable(),
        definition.targetSchema(),
        definition.targetTable(),
        ValidationMode.CONTINUOUS,
        verdict.status(),
        source.rows(),
        targetSide.rows(),
        targetSide.rejectedRows(),
        source.expectedRejects(),
        lag,
        source.checksum(),
        targetSide.checksum(),
        verdict.detail(),
        ResultTime.now(),
        alignment.isAligned() ? alignment.position() : null,
        null);
  }

  /**
   * Capture's position, read after the source read. When the two sides differ, apply had caught up
   * and capture has not yet confirmed the read's position (a PostgreSQL slot confirms at capture's
   * next heartbeat), asks again for at most {@code tributary.validator.align-wait}, so a real
   * difference is told at once.
   */
  private CapturePosition awaitCapture(
      ValidatedTable table, ValidationSource source, SourcePosition position, boolean differs) {
    long deadline = System.nanoTime() + (differs ? config.alignWait().toNanos() : 0);
    while (true) {
      CapturePosition captured = source.captured(table);
      if (captured.delivered() == null
          || captured.delivered() >= position.through()
          || System.nanoTime() >= deadline) {
        return captured;
      }
      try {
        Thread.sleep(ALIGN_POLL_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return captured;
      }
    }
  }

  private static final long ALIGN_POLL_MS = 100;

  /** True when the two reads differ (in counts or checksums). */
  private static boolean differs(SourceSide source, TargetSide target) {
    if (source.rows() != target.rows() + target.rejectedRows()) {
      return true;
    }
    return source.checksum() == null || !source.checksum().equals(target.checksum());
  }

  /** The topic's end offsets now, or null when Kafka does not answer. */
  private Map<Integer, Long> endOffsetsNow(ValidatedTable table) {
    TopicOffsetReader.TopicEnd end = kafka.endOf(table.topic());
    if (end.problem() != null) {
      LOG.debugf("Cannot read end offsets of %s again: %s", table.topic(), end.problem());
    }
    return end.offsets();
  }

  private static void logSpeed(
      ValidatedTable table, long sourceRows, long sourceNanos, long targetRows, long targetNanos) {
    if (LOG.isDebugEnabled()) {
      LOG.debugf(
          "Checksummed %s: source %d rows in %.3f s (%.0f rows/s), target %d rows in %.3f s (%.0f rows/s)",
          table.key(),
          sourceRows,
          sourceNanos / 1e9,
          sourceRows / Math.max(sourceNanos / 1e9, 1e-9),
          targetRows,
          targetNanos / 1e9,
          targetRows / Math.max(targetNanos / 1e9, 1e-9));
    }
  }

  private static ValidationResult error(ValidatedTable table, String detail) {
    return ErrorResults.of(table, ValidationMode.CONTINUOUS, null, detail);
  }
}
