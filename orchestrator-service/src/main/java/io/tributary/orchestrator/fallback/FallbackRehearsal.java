package io.tributary.orchestrator.fallback;

import io.tributary.common.control.MigrationState;
import io.tributary.common.plan.CutoverAction;
import io.tributary.common.plan.CutoverPlan;
import io.tributary.common.plan.CutoverStep;
import io.tributary.common.validation.ValidationMode;
import io.tributary.orchestrator.OrchestratorConfig;
import io.tributary.orchestrator.cutover.CutoverCheck;
import io.tributary.orchestrator.cutover.CutoverPlans;
import io.tributary.orchestrator.cutover.CutoverRecords;
import io.tributary.orchestrator.cutover.CutoverRefused;
import io.tributary.orchestrator.cutover.CutoverRehearsalReport;
import io.tributary.orchestrator.cutover.CutoverSource;
import io.tributary.orchestrator.cutover.CutoverSourceRepository;
import io.tributary.orchestrator.cutover.LatestValidations;
import io.tributary.orchestrator.cutover.SourceFreezer;
import io.tributary.orchestrator.cutover.SwitchActionRunner;
import io.tributary.orchestrator.state.MigrationRecord;
import io.tributary.orchestrator.state.MigrationRepository;
import io.tributary.orchestrator.validation.ValidationResultRepository;
import io.tributary.orchestrator.window.FallbackWindow;
import io.tributary.orchestrator.window.FallbackWindows;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A fallback rehearsal ({@code POST /migrations/{id}/fallback?check=true}): whether each step of a
 * fallback could run now, nothing frozen or started. The state, the window and its write-back, the
 * latest validation in reverse, the target's freeze ({@link TargetFreeze#check}), each source's
 * freeze access (its unfreeze at the end needs the same), and each switch action's target.
 */
@ApplicationScoped
public class FallbackRehearsal {
  private final Pool pool;
  private final OrchestratorConfig config;
  private final MigrationRepository migrations;
  private final CutoverPlans plans;
  private final CutoverSourceRepository sources;
  private final FallbackWindows windows;
  private final TargetFreeze targetFreeze;
  private final TargetCredentials target;
  private final SourceFreezer sourceFreezer;
  private final SwitchActionRunner switches;
  private final ValidationResultRepository validations;

  FallbackRehearsal(
      CutoverRecords records,
      FallbackWindows windows,
      TargetFreeze targetFreeze,
      TargetCredentials target,
      SourceFreezer sourceFreezer,
      SwitchActionRunner switches,
      ValidationResultRepository validations) {
    this.pool = records.pool();
    this.config = records.config();
    this.migrations = records.migrations();
    this.plans = records.plans();
    this.sources = records.sources();
    this.windows = windows;
    this.targetFreeze = targetFreeze;
    this.target = target;
    this.sourceFreezer = sourceFreezer;
    this.switches = switches;
    this.validations = validations;
  }

  /**
   * Rehearses a fallback of {@code migration}.
   *
   * @throws io.tributary.orchestrator.state.MigrationNotFoundException no such migration
   */
  public CutoverRehearsalReport rehearse(String migration) {
    long started = System.nanoTime();
    List<CutoverCheck> checks = new ArrayList<>();
    MigrationRecord record = migrations.get(pool, migration).await().atMost(timeout());
    checks.add(
        record.state() == MigrationState.CUT_OVER
            ? CutoverCheck.passed("state", null, "the migration is CUT_OVER")
            : CutoverCheck.failed(
                "state",
                null,
                "the migration is "
                    + record.state()
                    + ": a fallback starts from CUT_OVER, within the fallback window"));
    checks.add(window(migration));
    checks.add(validation(migration));
    CutoverPlan plan;
    try {
      plan = plans.of(migration, record.state());
    } catch (CutoverRefused e) {
      checks.add(CutoverCheck.failed("plan", null, e.getMessage()));
      return CutoverRehearsalReport.of(migration, checks, started);
    }
    List<CutoverSource> list = sources.sources(pool, migration, timeout());
    Duration freezeWait = plan.timeout(CutoverStep.FREEZE);
    try {
      List<TargetFreeze.Frozen> intents =
          targetFreeze.intents(
              plan,
              list.stream().map(CutoverSource::name).toList(),
              target.url(),
              windows.targetTables(migration),
              freezeWait);
      checks.addAll(targetFreeze.check(intents, freezeWait));
    } catch (RuntimeException e) {
      checks.add(CutoverCheck.failed("freeze-target", null, e.getMessage()));
    }
    for (CutoverSource source : list) {
      try {
        for (CutoverCheck c : sourceFreezer.check(source, plan, freezeWait)) {
          checks.add(
              new CutoverCheck(
                  "unfreeze-source",
                  c.subject(),
                  c.ok(),
                  c.detail() + " (the sources are unfrozen as the fallback ends)"));
        }
      } catch (RuntimeException e) {
        checks.add(CutoverCheck.failed("unfreeze-source", source.name(), e.getMessage()));
      }
    }
    for (CutoverAction action : plan.actions()) {
      CutoverCheck c = switches.check(action, plan.timeout(CutoverStep.SWITCH));
      checks.add(
          new CutoverCheck(
              "switch-back", c.subject(), c.ok(), c.detail() + " (run backwards by a fallback)"));
    }
    return CutoverRehearsalReport.of(migration, checks, started);
  }

  private CutoverCheck window(String migration) {
    Optional<FallbackWindow> found = windows.window(migration);
    if (found.isEmpty() || !found.get().open()) {
      return CutoverCheck.failed(
          "window",
          null,
          found.isEmpty()
              ? "the migration has no fallback window (cutover.fallback: false, or no cutover)"
              : "the fallback window is closed ("
                  + found.get().closedReason()
                  + "): the sources do not hold the target's latest changes");
    }
    FallbackWindow w = found.get();
    if (w.error() != null) {
      return CutoverCheck.failed(
          "window",
          null,
          "the write-back into the sources is failing since " + w.errorAt() + ": " + w.error());
    }
    return CutoverCheck.passed(
        "window",
        null,
        "open until "
            + w.endsAt()
            + "; "
            + w.appliedChanges()
            + " changes written back, reverse lag "
            + (w.lagBytes() == null ? "unknown" : w.lagBytes() + " bytes")
            + ", "
            + w.rejects()
            + " reverse rejects");
  }

  /** The latest validation in reverse: a MISMATCH or ERROR would stop the fallback's verify. */
  private CutoverCheck validation(String migration) {
    LatestValidations latest =
        LatestValidations.of(
            validations.latest(pool, migration).await().atMost(timeout()), ValidationMode.REVERSE);
    if (!latest.problems().isEmpty()) {
      return CutoverCheck.failed(
          "validation",
          null,
          "the latest validation in reverse differs: "
              + String.join("; ", latest.problems())
              + " — the fallback's verification would stop it");
    }
    return CutoverCheck.passed(
        "validation",
        null,
        latest.tables() == 0
            ? "no round of validation in reverse yet; the fallback runs one before its freeze"
            : latest.tables()
                + " tables validated in reverse"
                + latest.pendingText(" (compared whole by the fallback's gate)"));
  }

  private Duration timeout() {
    return config.databaseTimeout();
  }
}
