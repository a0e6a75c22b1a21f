package io.tributary.orchestrator.cutover;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.common.control.MigrationState;
import io.tributary.orchestrator.OrchestratorConfig;
import io.tributary.orchestrator.metrics.CutoverMetrics;
import io.tributary.orchestrator.step.StepFailure;
import io.tributary.orchestrator.step.StepJournal;
import io.tributary.source.spi.freeze.FrozenSource;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * What a running cutover writes down as it goes, in {@code tributary.cutovers} and the audit log:
 * the step under way, what the freeze does (before it acts, so that a restarted orchestrator can
 * undo it), the switch's start and end (the write pause's end), each step's outcome and duration.
 */
@ApplicationScoped
class CutoverJournal implements StepJournal<CutoverRun> {
  private static final Logger LOG = Logger.getLogger(CutoverJournal.class);

  private final Pool pool;
  private final CutoverRepository cutovers;
  private final ObjectMapper mapper;
  private final OrchestratorConfig config;
  private final CutoverMetrics metrics;

  CutoverJournal(
      Pool pool,
      CutoverRepository cutovers,
      ObjectMapper mapper,
      OrchestratorConfig config,
      CutoverMetrics metrics) {
    this.metrics = metrics;
    this.pool = pool;
    this.cutovers = cutovers;
    this.mapper = mapper;
    this.config = config;
  }

  /** The step under way. */
  @Override
  public void started(CutoverRun run, String step) {
    cutovers.step(pool, run.id(), step, timeout());
  }

  /**
   * What the freeze does per source; the first call marks the start of the write pause.
   *
   * @throws CutoverStepException when it cannot be recorded (then nothing may be frozen)
   */
  void frozen(Cutover cutover, List<FrozenSource> frozen) {
    try {
      cutovers.frozen(pool, cutover.id(), mapper.writeValueAsString(frozen), timeout());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    } catch (RuntimeException e) {
      throw new CutoverStepException(
          "what the freeze does could not be recorded in tributary.cutovers: " + e.getMessage(), e);
    }
  }

  /** What the freeze of {@code cutover} did, as recorded (empty when it did not begin). */
  List<FrozenSource> frozen(Cutover cutover) {
    if (cutover.frozenJson() == null) {
      return List.of();
    }
    try {
      return mapper.readValue(cutover.frozenJson(), new TypeReference<List<FrozenSource>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "cutover " + cutover.id() + " recorded a freeze this version cannot read", e);
    }
  }

  /** The switch began: from here on the cutover finishes rather than rolls back. */
  void switchStarted(Cutover cutover) {
    cutovers.switchStarted(pool, cutover.id(), timeout());
  }

  /** The switch ended: the write pause ends here. */
  void switched(Cutover cutover) {
    cutovers.switched(pool, cutover.id(), timeout());
  }

  /** The write pause recorded for {@code cutover} (null before the freeze). */
  Long writePauseMs(Cutover cutover) {
    return cutovers
        .latest(pool, cutover.migration(), timeout())
        .map(Cutover::writePauseMs)
        .orElse(null);
  }

  /** A failed step in the audit log: {@code FAILED: } and why. */
  @Override
  public void failed(CutoverRun run, String step, StepFailure failure, long durationMs) {
    ended(run, step, "FAILED: " + failure.message(), durationMs);
  }

  /** One step's outcome and duration in the audit log; a failure to write it is only logged. */
  @Override
  public void ended(CutoverRun run, String step, String detail, long durationMs) {
    metrics.stepEnded(
        run.migration(), step, detail != null && detail.startsWith("FAILED: "), durationMs);
    try {
      cutovers.stepEvent(
          pool,
          run.migration(),
          MigrationState.CUTTING_OVER,
          run.by(),
          detail,
          run.cutover().id(),
          step,
          durationMs,
          timeout());
    } catch (RuntimeException e) {
      LOG.warnf(
          "Failed to record step %s of cutover %d: %s",
          step.toUpperCase(Locale.ROOT), run.cutover().id(), e.getMessage());
    }
  }

  private Duration timeout() {
    return config.databaseTimeout();
  }
}
