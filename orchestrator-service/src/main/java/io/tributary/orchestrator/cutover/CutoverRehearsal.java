package io.tributary.orchestrator.cutover;

import io.tributary.common.control.MigrationState;
import io.tributary.common.plan.CutoverAction;
import io.tributary.common.plan.CutoverPlan;
import io.tributary.common.plan.CutoverStep;
import io.tributary.common.validation.ValidationMode;
import io.tributary.orchestrator.OrchestratorConfig;
import io.tributary.orchestrator.state.MigrationRecord;
import io.tributary.orchestrator.state.MigrationRepository;
import io.tributary.orchestrator.validation.ValidationResultRepository;
import io.tributary.orchestrator.window.FallbackWindows;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A cutover rehearsal ({@code cutover --check}, DESIGN.md step 0): answers, without freezing
 * anything, whether every step of a cutover could run now. In the order the steps need them: the
 * migration's state; each source's freeze (access and privileges, through its kind's {@link
 * KindFreezer#check}); capture and apply (a fence through them, as {@code prepare} writes one); the
 * tables' latest validations; the open rejects; each switch action ({@link
 * SwitchActionRunner#check}).
 */
@ApplicationScoped
public class CutoverRehearsal {
  private final Pool pool;
  private final MigrationRepository migrations;
  private final MigrationPauses pauses;
  private final CutoverPlans plans;
  private final CutoverSourceRepository sources;
  private final SourceFreezer freezer;
  private final FenceDrain fences;
  private final ValidationResultRepository validations;
  private final SwitchActionRunner switches;
  private final OpenRejects rejects;
  private final FallbackWindows windows;
  private final OrchestratorConfig config;

  public CutoverRehearsal(
      CutoverRecords records,
      MigrationPauses pauses,
      SourceFreezer freezer,
      FenceDrain fences,
      ValidationResultRepository validations,
      SwitchActionRunner switches,
      OpenRejects rejects,
      FallbackWindows windows) {
    this.windows = windows;
    this.pool = records.pool();
    this.migrations = records.migrations();
    this.pauses = pauses;
    this.plans = records.plans();
    this.sources = records.sources();
    this.freezer = freezer;
    this.fences = fences;
    this.validations = validations;
    this.switches = switches;
    this.rejects = rejects;
    this.config = records.config();
  }

  /**
   * Rehearses a cutover of {@code migration}.
   *
   * @param acceptRejects the cutover would accept leaving open rejects behind
   * @throws io.tributary.orchestrator.state.MigrationNotFoundException no such migration
   */
  public CutoverRehearsalReport rehearse(String migration, boolean acceptRejects) {
    long started = System.nanoTime();
    List<CutoverCheck> checks = new ArrayList<>();
    MigrationRecord record = migrations.get(pool, migration).await().atMost(timeout());
    checks.add(state(migration, record.state()));
    CutoverPlan plan;
    try {
      plan = plans.of(migration, record.state());
    } catch (CutoverRefused e) {
      checks.add(CutoverCheck.failed("plan", null, e.getMessage()));
      return CutoverRehearsalReport.of(migration, checks, started);
    }
    List<CutoverSource> list = sources.sources(pool, migration, timeout());
    Duration freezeWait = plan.timeout(CutoverStep.FREEZE);
    for (CutoverSource source : list) {
      try {
        freezer.intent(source, plan);
        checks.addAll(freezer.check(source, plan, freezeWait));
      } catch (RuntimeException e) {
        checks.add(CutoverCheck.failed("freeze", source.name(), e.getMessage()));
      }
    }
    checks.add(capture(migration, list, plan));
    checks.add(validation(migration));
    checks.add(rejects(migration, acceptRejects));
    for (CutoverAction action : plan.actions()) {
      checks.add(switches.check(action, plan.timeout(CutoverStep.SWITCH)));
    }
    checks.add(fallbackWindow(migration, plan));
    return CutoverRehearsalReport.of(migration, checks, started);
  }

  /** What the target lacks for the fallback window the cutover opens (prepare's last part). */
  private CutoverCheck fallbackWindow(String migration, CutoverPlan plan) {
    if (!plan.fallback()) {
      return CutoverCheck.passed("fallback", null, "no fallback window (cutover.fallback: false)");
    }
    try {
      return windows
          .needs(migration)
          .map(problem -> CutoverCheck.failed("fallback", null, problem))
          .orElseGet(
              () ->
                  CutoverCheck.passed(
                      "fallback",
                      null,
                      "the target can hold a fallback window of "
                          + FallbackWindows.describe(plan.fallbackWindow())
                          + " (logical WAL, a free slot and WAL sender, a replicating role)"));
    } catch (RuntimeException e) {
      return CutoverCheck.failed("fallback", null, "the target could not be asked: " + e);
    }
  }

  private CutoverCheck state(String migration, MigrationState state) {
    if (!state.mayCutOver()) {
      return CutoverCheck.failed(
          "state",
          null,
          "the migration is "
              + state
              + ": a cutover starts from REPLICATING (every snapshot captured), ROLLED_BACK or"
              + " FELL_BACK");
    }
    if (pauses.paused(migration)) {
      return CutoverCheck.failed(
          "state", null, "the migration is paused: resume it (POST /migrations/{id}/resume)");
    }
    return CutoverCheck.passed("state", null, "the migration is " + state);
  }

  /** A fence through capture and apply, bounded as prepare bounds it. */
  private CutoverCheck capture(String migration, List<CutoverSource> list, CutoverPlan plan) {
    Duration bound = plan.timeout(CutoverStep.FENCE).plus(plan.timeout(CutoverStep.DRAIN));
    long started = System.nanoTime();
    long deadline = started + bound.toNanos();
    try {
      List<Long> probe = fences.request(migration, list.stream().map(CutoverSource::name).toList());
      fences.awaitApplied(probe, () -> System.nanoTime() > deadline);
      return CutoverCheck.passed(
          "capture",
          null,
          "fences "
              + probe
              + " through capture and apply in "
              + (System.nanoTime() - started) / 1_000_000
              + " ms");
    } catch (RuntimeException e) {
      return CutoverCheck.failed(
          "capture",
          null,
          "a fence did not get through capture and apply within "
              + bound.toSeconds()
              + " s (is cdc-service running?): "
              + e.getMessage());
    }
  }

  /**
   * The tables' latest continuous validations: a MISMATCH or ERROR now would most likely stop the
   * precutover verification; PENDING tables are still being caught up.
   */
  private CutoverCheck validation(String migration) {
    LatestValidations latest =
        LatestValidations.of(
            validations.latest(pool, migration).await().atMost(timeout()),
            ValidationMode.CONTINUOUS);
    if (!latest.problems().isEmpty()) {
      return CutoverCheck.failed(
          "validation",
          null,
          "the latest continuous validation differs: "
              + String.join("; ", latest.problems())
              + " — the precutover verification would stop the cutover");
    }
    return CutoverCheck.passed(
        "validation",
        null,
        latest.tables()
            + " tables validated continuously"
            + latest.pendingText(" (catching up)")
            + "; the precutover verification compares every row at the cutover");
  }

  /** Open rejects stop a cutover unless it accepts them. */
  private CutoverCheck rejects(String migration, boolean accepted) {
    OpenRejects.Summary open = rejects.of(migration);
    if (open.none()) {
      return CutoverCheck.passed("rejects", null, "no open rejects");
    }
    if (accepted) {
      return CutoverCheck.passed(
          "rejects", null, "open rejects would be left behind, as accepted: " + open.describe());
    }
    return CutoverCheck.failed("rejects", null, open.refusal(migration));
  }

  private Duration timeout() {
    return config.databaseTimeout();
  }
}
