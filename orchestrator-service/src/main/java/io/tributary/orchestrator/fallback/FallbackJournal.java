package io.tributary.orchestrator.fallback;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.common.control.MigrationState;
import io.tributary.orchestrator.OrchestratorConfig;
import io.tributary.orchestrator.cutover.Cutover;
import io.tributary.orchestrator.cutover.CutoverRecords;
import io.tributary.orchestrator.cutover.CutoverRepository;
import io.tributary.orchestrator.step.StepFailure;
import io.tributary.orchestrator.step.StepJournal;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * What a running fallback writes down as it goes, in its row of {@code tributary.cutovers}, the
 * audit log and its report: the step under way, what the target's freeze does (before it acts, so
 * that a successor can undo it), the switch back's start and end, each step's outcome and duration.
 */
@ApplicationScoped
class FallbackJournal implements StepJournal<FallbackRun> {
  private static final Logger LOG = Logger.getLogger(FallbackJournal.class);

  private final Pool pool;
  private final CutoverRepository cutovers;
  private final OrchestratorConfig config;
  private final ObjectMapper mapper;

  FallbackJournal(CutoverRecords records, ObjectMapper mapper) {
    this.pool = records.pool();
    this.cutovers = records.cutovers();
    this.config = records.config();
    this.mapper = mapper;
  }

  @Override
  public void started(FallbackRun run, String step) {
    cutovers.step(pool, run.id(), step, timeout());
  }

  @Override
  public void ended(FallbackRun run, String step, String detail, long durationMs) {
    run.step(new FallbackReport.Step(step, durationMs, detail));
    try {
      cutovers.stepEvent(
          pool,
          run.migration(),
          MigrationState.FALLING_BACK,
          run.by(),
          detail,
          run.id(),
          step,
          durationMs,
          timeout());
    } catch (RuntimeException e) {
      LOG.warnf("Fallback %d: step %s not recorded: %s", run.id(), step, e.getMessage());
    }
  }

  /** A failed step, in the report and the audit log: {@code failed: } and the step's words. */
  @Override
  public void failed(FallbackRun run, String step, StepFailure failure, long durationMs) {
    ended(run, step, "failed: " + failure.reason(), durationMs);
  }

  /** What the target's freeze will do; the write pause starts here. */
  void frozen(FallbackRun run, List<TargetFreeze.Frozen> intents) {
    String json;
    try {
      json = mapper.writeValueAsString(intents);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    cutovers.frozen(pool, run.id(), json, timeout());
  }

  /**
   * What the target's freeze of {@code fallback} did, as recorded (empty when it did not begin).
   */
  List<TargetFreeze.Frozen> frozen(Cutover fallback) {
    if (fallback.frozenJson() == null) {
      return List.of();
    }
    try {
      return mapper.readValue(
          fallback.frozenJson(), new TypeReference<List<TargetFreeze.Frozen>>() {});
    } catch (IOException e) {
      throw new IllegalStateException("the fallback's freeze record cannot be read: " + e, e);
    }
  }

  /** The switch back began: from here on the fallback finishes rather than rolls back. */
  void switchStarted(FallbackRun run) {
    cutovers.switchStarted(pool, run.id(), timeout());
  }

  /** The switch back ended: the write pause ends here. */
  void switched(FallbackRun run) {
    cutovers.switched(pool, run.id(), timeout());
  }

  private Duration timeout() {
    return config.databaseTimeout();
  }
}
