package io.tributary.orchestrator.fallback;

import io.tributary.common.control.MigrationState;
import io.tributary.common.plan.CutoverAction;
import io.tributary.common.plan.CutoverPlan;
import io.tributary.common.plan.CutoverStep;
import io.tributary.common.validation.ValidationMode;
import io.tributary.orchestrator.cutover.CutoverRehearsalReport;
import io.tributary.orchestrator.cutover.LatestValidations;
import io.tributary.orchestrator.cutover.Rehearsal;
import io.tributary.orchestrator.cutover.RehearsalPlan;
import io.tributary.orchestrator.cutover.RehearsalReads;
import io.tributary.orchestrator.cutover.SourceFreezer;
import io.tributary.orchestrator.cutover.SwitchActionRunner;
import io.tributary.orchestrator.state.MigrationRecord;
import io.tributary.orchestrator.window.FallbackWindow;
import io.tributary.orchestrator.window.FallbackWindows;
import io.tributary.source.spi.freeze.CutoverCheck;
import io.tributary.source.spi.freeze.CutoverSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
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
  private final RehearsalReads reads;
  private final FallbackWindows windows;
  private final TargetFreeze targetFreeze;
  private final TargetCredentials target;
  private final SourceFreezer sourceFreezer;
  private final SwitchActionRunner switches;

  FallbackRehearsal(
      RehearsalReads reads,
      FallbackWindows windows,
      TargetFreeze targetFreeze,
      TargetCredentials target,
      SourceFreezer sourceFreezer,
      SwitchActionRunner switches) {
    this.reads = reads;
    this.windows = windows;
    this.targetFreeze = targetFreeze;
    this.target = target;
    this.sourceFreezer = sourceFreezer;
    this.switches = switches;
  }

  /**
   * Rehearses a fallback of {@code migration}.
   *
   * @throws io.tributary.orchestrator.state.MigrationNotFoundException no such migration
   */
  public CutoverRehearsalReport rehearse(String migration) {
    Rehearsal rehearsal = new Rehearsal(migration);
    MigrationRecord record = reads.migration(migration);
    rehearsal.add(
        record.state() == MigrationState.CUT_OVER
            ? CutoverCheck.passed("state", null, "the migration is CUT_OVER")
            : CutoverCheck.failed(
                "state",
                null,
                "the migration is "
                    + record.state()
                    + ": a fallback starts from CUT_OVER, within the fallback window"));
    rehearsal.add(window(migration));
    rehearsal.add(validation(migration));
    Optional<RehearsalPlan> found = reads.plan(rehearsal, record.state());
    if (found.isEmpty()) {
      return rehearsal.report();
    }
    RehearsalPlan planned = found.get();
    CutoverPlan plan = planned.plan();
    Duration freezeWait = planned.freezeWait();
    List<CutoverSource> list = planned.sources();
    try {
      List<TargetFreeze.Frozen> intents =
          targetFreeze.intents(
              plan,
              list.stream().map(CutoverSource::name).toList(),
              target.url(),
              windows.targetTables(migration),
              freezeWait);
      rehearsal.addAll(targetFreeze.check(plan, intents, freezeWait));
    } catch (RuntimeException e) {
      rehearsal.add(CutoverCheck.failed("freeze-target", null, e.getMessage()));
    }
    for (CutoverSource source : list) {
      try {
        for (CutoverCheck c : sourceFreezer.check(source, plan, freezeWait)) {
          rehearsal.add(
              new CutoverCheck(
                  "unfreeze-source",
                  c.subject(),
                  c.ok(),
                  c.detail() + " (the sources are unfrozen as the fallback ends)"));
        }
      } catch (RuntimeException e) {
        rehearsal.add(CutoverCheck.failed("unfreeze-source", source.name(), e.getMessage()));
      }
    }
    for (CutoverAction action : plan.actions()) {
      CutoverCheck c = switches.check(action, plan.timeout(CutoverStep.SWITCH));
      rehearsal.add(
          new CutoverCheck(
              "switch-back", c.subject(), c.ok(), c.detail() + " (run backwards by a fallback)"));
    }
    return rehearsal.report();
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
    LatestValidations latest = reads.latest(migration, ValidationMode.REVERSE);
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
}
