package io.tributary.orchestrator.cutover;

import io.tributary.common.control.MigrationState;
import io.tributary.common.plan.CutoverAction;
import io.tributary.common.plan.CutoverPlan;
import io.tributary.common.plan.CutoverStep;
import io.tributary.common.validation.ValidationMode;
import io.tributary.orchestrator.state.MigrationRecord;
import io.tributary.orchestrator.window.FallbackWindows;
import io.tributary.source.spi.freeze.CutoverCheck;
import io.tributary.source.spi.freeze.CutoverSource;
import io.tributary.source.spi.freeze.KindFreezer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

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
  private final RehearsalReads reads;
  private final MigrationPauses pauses;
  private final SourceFreezer freezer;
  private final FenceDrain fences;
  private final SwitchActionRunner switches;
  private final OpenRejects rejects;
  private final FallbackWindows windows;

  public CutoverRehearsal(
      RehearsalReads reads,
      MigrationPauses pauses,
      SourceFreezer freezer,
      FenceDrain fences,
      SwitchActionRunner switches,
      OpenRejects rejects,
      FallbackWindows windows) {
    this.reads = reads;
    this.pauses = pauses;
    this.freezer = freezer;
    this.fences = fences;
    this.switches = switches;
    this.rejects = rejects;
    this.windows = windows;
  }

  /**
   * Rehearses a cutover of {@code migration}.
   *
   * @param acceptRejects the cutover would accept leaving open rejects behind
   * @throws io.tributary.orchestrator.state.MigrationNotFoundException no such migration
   */
  public CutoverRehearsalReport rehearse(String migration, boolean acceptRejects) {
    Rehearsal rehearsal = new Rehearsal(migration);
    MigrationRecord record = reads.migration(migration);
    rehearsal.add(state(migration, record.state()));
    Optional<RehearsalPlan> found = reads.plan(rehearsal, record.state());
    if (found.isEmpty()) {
      return rehearsal.report();
    }
    RehearsalPlan planned = found.get();
    CutoverPlan plan = planned.plan();
    List<CutoverSource> list = planned.sources();
    for (CutoverSource source : list) {
      try {
        freezer.intent(source, plan);
        rehearsal.addAll(freezer.check(source, plan, planned.freezeWait()));
      } catch (RuntimeException e) {
        rehearsal.add(CutoverCheck.failed("freeze", source.name(), e.getMessage()));
      }
    }
    rehearsal.add(capture(migration, list, plan));
    rehearsal.add(validation(migration));
    rehearsal.add(rejects(migration, acceptRejects));
    for (CutoverAction action : plan.actions()) {
      rehearsal.add(switches.check(action, plan.timeout(CutoverStep.SWITCH)));
    }
    rehearsal.add(fallbackWindow(migration, plan));
    return rehearsal.report();
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
    LatestValidations latest = reads.latest(migration, ValidationMode.CONTINUOUS);
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
}
