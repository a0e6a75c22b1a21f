package io.tributary.validator.continuous;

import io.tributary.common.kafka.ApplyLag;
import io.tributary.common.validation.ValidationResult;
import io.tributary.common.validation.ValidationStatus;
import io.tributary.source.spi.validate.SourceFingerprint;
import io.tributary.source.spi.validate.TableKey;
import io.tributary.source.spi.validate.ValidatedTable;
import io.tributary.validator.DatabaseWait;
import io.tributary.validator.StateChangeLog;
import io.tributary.validator.ValidatedTableRepository;
import io.tributary.validator.results.ResultPublisher;
import io.tributary.validator.results.ResultRepository;
import io.tributary.validator.results.ValidationMetrics;
import io.tributary.validator.source.ValidationSources;
import io.tributary.validator.target.TargetReader;
import io.tributary.validator.target.TopicOffsetReader;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * Runs validations: every active table on schedule, or one migration's tables on request. Skips
 * tables that matched and did not change, and tables still loading (see {@link
 * ValidationPolicy#mayDeferWhileLagging}), records (control schema, then topic) results that say
 * something new or are due again, and logs each table's change of state once. One run at a time.
 * Blocking: call from a worker thread.
 */
@ApplicationScoped
public class ContinuousRunner {
  private static final Logger LOG = Logger.getLogger(ContinuousRunner.class);

  private final ValidatedTableRepository tables;
  private final ResultRepository validations;
  private final ContinuousTableValidator validator;
  private final TopicOffsetReader kafka;
  private final ResultPublisher publisher;
  private final ValidationMetrics metrics;
  private final ValidationPolicy policy;
  private final StateChangeLog stateLog;
  private final ValidationSources sources;
  private final TargetReader target;
  private final Map<TableKey, TableHistory> history = new HashMap<>();

  /** Tables whose snapshot capture had not finished when they were last validated. */
  private final Set<TableKey> snapshotUnfinished = new HashSet<>();

  /**
   * Tables the caught-up path validated and found still {@code PENDING}: left to the schedule until
   * it validated them again, so a table written all the time is not counted every second.
   */
  private final Set<TableKey> caughtUpStillPending = new HashSet<>();

  private final ReentrantLock lock = new ReentrantLock();

  /**
   * Bounds its waits for the database. Injected into the field: the constructor already takes the
   * most parameters the house rules allow.
   */
  @Inject DatabaseWait wait;

  public ContinuousRunner(
      ValidatedTableRepository tables,
      ResultRepository validations,
      ContinuousTableValidator validator,
      TopicOffsetReader kafka,
      ResultPublisher publisher,
      ValidationPolicy policy,
      StateChangeLog stateLog,
      ValidationSources sources,
      TargetReader target,
      ValidationMetrics metrics) {
    this.metrics = metrics;
    this.tables = tables;
    this.validations = validations;
    this.validator = validator;
    this.kafka = kafka;
    this.publisher = publisher;
    this.policy = policy;
    this.stateLog = stateLog;
    this.sources = sources;
    this.target = target;
  }

  /**
   * The scheduled run over every table of every active migration not being cut over (its final
   * validation compares the tables then).
   */
  public List<ValidationResult> runScheduled() {
    List<ValidatedTable> active;
    try {
      active = wait.control(tables.continuousTables(), "reading the tables to validate");
      if (stateLog.clear("control-schema-read")) {
        LOG.info("Reading the control schema works again");
      }
    } catch (RuntimeException e) {
      if (stateLog.changed("control-schema-read", String.valueOf(e.getMessage()))) {
        LOG.warnf("Cannot read the tables to validate from the control schema: %s", e.getMessage());
      }
      return List.of();
    }
    return run(active, false, true, false);
  }

  /**
   * Validates now the tables that were {@code PENDING} because apply lagged behind their topic, or
   * because their snapshot was still being captured, once their snapshot is captured and apply has
   * caught up: a load that just ended is told green without waiting for the next scheduled run.
   * Does nothing while a run is going, and reads nothing while no table is in that state. A table
   * {@code PENDING} for another reason (its source was just written) is left to the schedule.
   */
  public List<ValidationResult> runCaughtUp() {
    if (!lock.tryLock()) {
      return List.of();
    }
    try {
      boolean anyWaiting =
          history.entrySet().stream().anyMatch(e -> waitedForApply(e.getKey(), e.getValue()));
      if (!anyWaiting) {
        return List.of();
      }
      List<ValidatedTable> caughtUp = new ArrayList<>();
      for (ValidatedTable table :
          wait.control(tables.continuousTables(), "reading the tables to validate")) {
        TableHistory previous = history.get(table.key());
        if (previous == null || !table.snapshotDone() || !waitedForApply(table.key(), previous)) {
          continue;
        }
        Map<Integer, Long> endOffsets = kafka.endOffsets(List.of(table.topic())).get(table.topic());
        if (endOffsets != null && !applyLags(table, endOffsets)) {
          caughtUp.add(table);
        }
      }
      return caughtUp.isEmpty() ? List.of() : run(caughtUp, false, false, true);
    } catch (RuntimeException e) { // the scheduled run reports what is wrong
      LOG.debugf("Looking for tables whose apply caught up failed: %s", e.getMessage());
      return List.of();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Whether a table is still loading: its snapshot not done, or its last result {@code PENDING}
   * while apply caught up on it.
   */
  private boolean loading(ValidatedTable table) {
    TableHistory previous = history.get(table.key());
    return !table.snapshotDone() || (previous != null && waitedForApply(table.key(), previous));
  }

  /** Whether a table's last result was PENDING while its rows were still on their way. */
  private boolean waitedForApply(TableKey key, TableHistory previous) {
    ValidationResult last = previous.last();
    return last.status() == ValidationStatus.PENDING
        && !caughtUpStillPending.contains(key)
        && (snapshotUnfinished.contains(key) || (last.applyLag() != null && last.applyLag() > 0));
  }

  /** Validates every table of one active migration now, recording every result. */
  public List<ValidationResult> runNow(String migration) {
    return run(
        wait.control(
            tables.activeTables(migration), "reading the tables of migration " + migration),
        true,
        false,
        false);
  }

  /**
   * @param caughtUp whether the tables come from {@link #runCaughtUp}
   */
  private List<ValidationResult> run(
      List<ValidatedTable> targets, boolean forced, boolean everything, boolean caughtUp) {
    lock.lock();
    try {
      Map<TableKey, ValidationResult> results = new HashMap<>();
      Set<TableKey> seen = new HashSet<>();
      String kafkaProblem = null;
      boolean loading = targets.stream().anyMatch(this::loading);
      for (ValidatedTable table : matchedLast(targets)) {
        seen.add(table.key());
        Instant started = Instant.now();
        SourceFingerprint fingerprint = fingerprint(table);
        Map<Integer, Long> endOffsets = null;
        if (kafkaProblem == null) { // once Kafka failed in a run, do not wait on it for every table
          TopicOffsetReader.TopicEnd end = kafka.endOf(table.topic());
          endOffsets = end.offsets();
          kafkaProblem = end.problem();
          if (kafkaProblem == null) {
            if (stateLog.clear("kafka-offsets")) {
              LOG.info("Reading end offsets from Kafka works again");
            }
          } else if (stateLog.changed("kafka-offsets", kafkaProblem)) {
            LOG.warnf("Cannot read end offsets from Kafka, apply lag unknown: %s", kafkaProblem);
          }
        }
        TableHistory previous = history.get(table.key());
        if (policy.canSkip(previous, fingerprint, endOffsets, started, forced, loading)) {
          results.put(table.key(), previous.last());
          continue;
        }
        if (policy.mayDeferWhileLagging(previous, started, forced)
            && (waitedForApply(table.key(), previous)
                ? !table.snapshotDone() || (endOffsets != null && applyLags(table, endOffsets))
                : table.snapshotDone()
                    && (fingerprint == null
                        || !fingerprint.equals(previous.sourceFingerprint())))) {
          // still loading (its snapshot not done: its chunks travel on the snapshot topic, so its
          // own topic shows no lag; counting it every run would only compete with the load), or
          // PENDING for another reason while its source is still being written: validated again
          // after lag-recount (a source written all the time is not checksummed on every run);
          // the caught-up path takes a table whose snapshot is done and whose apply caught up at
          // once, and a source that went quiet is validated on the next run
          results.put(table.key(), previous.last());
          continue;
        }
        ValidationResult result = validator.validate(table, endOffsets, kafkaProblem, started);
        if (table.snapshotDone()) {
          snapshotUnfinished.remove(table.key());
        } else {
          snapshotUnfinished.add(table.key());
        }
        if (caughtUp && result.status() == ValidationStatus.PENDING) {
          caughtUpStillPending.add(table.key());
        } else if (!caughtUp) {
          caughtUpStillPending.remove(table.key());
        }
        boolean record = policy.shouldRecord(previous, result, forced);
        if (record) {
          record(result);
        }
        logChange(previous == null ? null : previous.last(), result);
        history.put(
            table.key(),
            new TableHistory(
                result,
                started,
                fingerprint,
                endOffsets,
                record ? result : previous == null ? null : previous.recorded(),
                Duration.between(started, Instant.now())));
        results.put(table.key(), result);
      }
      if (everything) {
        history.keySet().retainAll(seen);
        snapshotUnfinished.retainAll(seen);
        caughtUpStillPending.retainAll(seen);
      }
      return targets.stream().map(t -> results.get(t.key())).toList();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The tables in the order a run validates them: those whose last result was not MATCH first (a
   * table whose load just ended is told green without waiting behind the periodic refresh of tables
   * that already matched), each group in its given order.
   */
  private List<ValidatedTable> matchedLast(List<ValidatedTable> targets) {
    List<ValidatedTable> ordered = new ArrayList<>(targets);
    ordered.sort(
        Comparator.comparing(
            t -> {
              TableHistory previous = history.get(t.key());
              return previous != null && previous.last().status() == ValidationStatus.MATCH;
            }));
    return ordered;
  }

  /** True when apply's stored offsets are known and before the topic's end offsets. */
  private boolean applyLags(ValidatedTable table, Map<Integer, Long> endOffsets) {
    try {
      Map<Integer, Long> applied =
          wait.query(
              target.appliedOffsets(table),
              "reading the applied offsets of " + table.sourceTable());
      return ApplyLag.lag(endOffsets, applied) > 0;
    } catch (RuntimeException e) {
      LOG.debugf("Cannot read apply's offsets of %s: %s", table.key(), e.getMessage());
      return false; // validate it: that run reports what is wrong
    }
  }

  private void record(ValidationResult result) {
    try {
      wait.control(validations.insert(result), "recording a result of " + result.table());
      if (stateLog.clear("control-schema-write")) {
        LOG.info("Recording validation results works again");
      }
    } catch (RuntimeException e) {
      if (stateLog.changed("control-schema-write", String.valueOf(e.getMessage()))) {
        LOG.warnf("Cannot record validation result of %s: %s", TableKey.of(result), e.getMessage());
      }
    }
    publisher.publish(result);
    metrics.recorded(result);
  }

  private SourceFingerprint fingerprint(ValidatedTable table) {
    if (table.definition() == null) {
      return null;
    }
    return sources.of(table.sourceKind()).map(v -> v.fingerprint(table)).orElse(null);
  }

  private static void logChange(ValidationResult previous, ValidationResult current) {
    ValidationStatus before = previous == null ? null : previous.status();
    boolean changed =
        before != current.status()
            || (current.status() == ValidationStatus.ERROR
                && !current.detail().equals(previous.detail()));
    if (!changed) {
      return;
    }
    if (current.status().isProblem()) {
      LOG.warnf(
          "Validation of %s: %s: %s", TableKey.of(current), current.status(), current.detail());
    } else if (before != null && before.isProblem()) {
      LOG.infof("Validation of %s: %s (was %s)", TableKey.of(current), current.status(), before);
    } else {
      LOG.debugf("Validation of %s: %s", TableKey.of(current), current.status());
    }
  }
}
