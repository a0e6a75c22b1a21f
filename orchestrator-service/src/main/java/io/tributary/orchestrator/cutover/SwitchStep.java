package io.tributary.orchestrator.cutover;

import io.tributary.common.plan.CutoverAction;
import io.tributary.common.plan.CutoverStep;
import io.tributary.orchestrator.provision.PlanIntake;
import io.tributary.orchestrator.provision.TargetAddress;
import io.tributary.orchestrator.window.FallbackWindows;
import io.tributary.source.spi.freeze.CutoverSource;
import io.tributary.source.spi.freeze.FrozenSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The plan's switch actions, in order, each with the switch's timeout. When the first action fails
 * nothing took effect and the cutover rolls back; once one took effect, a later failure is recorded
 * for the operator to finish by hand and the switch goes on. The write pause ends when the last
 * action is done; then the sources are made writable again unless the plan keeps them read-only (a
 * paused PgBouncer now points at the target and stays resumed).
 */
@ApplicationScoped
class SwitchStep implements CutoverStepAction {
  private static final Logger LOG = Logger.getLogger(SwitchStep.class);

  private final SwitchActionRunner switches;
  private final SourceFreezer freezer;
  private final CutoverJournal journal;
  private final PlanIntake intake;
  private final FallbackWindows windows;

  SwitchStep(
      SwitchActionRunner switches,
      SourceFreezer freezer,
      CutoverJournal journal,
      PlanIntake intake,
      FallbackWindows windows) {
    this.windows = windows;
    this.switches = switches;
    this.freezer = freezer;
    this.journal = journal;
    this.intake = intake;
  }

  @Override
  public CutoverStep step() {
    return CutoverStep.SWITCH;
  }

  /**
   * @throws CutoverStepException when the first action fails: nothing took effect
   */
  @Override
  public String run(CutoverRun run) {
    journal.switchStarted(run.cutover());
    if (run.plan().fallback()) {
      try {
        windows.switchBegins(run.migration(), run.plan().actions());
      } catch (RuntimeException e) {
        throw new CutoverStepException(
            "the fallback window's switch position could not be recorded: " + e.getMessage(), e);
      }
    }
    List<CutoverAction> actions = run.plan().actions();
    List<TargetConnection> connections = connections(run.sources());
    List<String> done = new ArrayList<>();
    for (int i = 0; i < actions.size(); i++) {
      CutoverAction action = actions.get(i);
      try {
        done.add(
            switches.run(
                action,
                run.migration(),
                run.cutover().id(),
                connections,
                run.plan().timeout(CutoverStep.SWITCH)));
      } catch (RuntimeException e) {
        String line = "action " + (i + 1) + " (" + action.kind() + ") failed: " + e.getMessage();
        if (done.isEmpty()) {
          throw new CutoverStepException(line, e);
        }
        run.switchFailure(line);
      }
    }
    journal.switched(run.cutover());
    if (!run.plan().keepSourcesReadOnly()) {
      unfreeze(run);
    }
    String detail = done.isEmpty() ? "no switch actions in the plan" : String.join("; ", done);
    List<String> failures = run.switchFailures();
    return failures.isEmpty()
        ? detail
        : detail + "; " + String.join("; ", failures) + " (finish those by hand)";
  }

  private void unfreeze(CutoverRun run) {
    List<String> undone = new ArrayList<>();
    for (FrozenSource f : run.frozen()) {
      if (FrozenSource.PGBOUNCER_PAUSE.equals(f.how())) {
        continue;
      }
      try {
        undone.add(freezer.unfreeze(run.source(f.source()), f, run.plan(), timeout(run)));
      } catch (RuntimeException e) {
        undone.add(f.source() + ": could not be made writable: " + e.getMessage());
      }
    }
    if (!undone.isEmpty()) {
      LOG.infof(
          "Cutover %d: sources writable again after the switch: %s", run.cutover().id(), undone);
    }
  }

  private static Duration timeout(CutoverRun run) {
    return run.plan().timeout(CutoverStep.ROLLBACK);
  }

  private List<TargetConnection> connections(List<CutoverSource> list) {
    TargetAddress target = intake.target();
    List<TargetConnection> out = new ArrayList<>();
    for (CutoverSource s : list) {
      out.add(
          new TargetConnection(
              s.name(),
              s.targetSchema(),
              target.host(),
              target.port(),
              target.database(),
              s.targetSchema()));
    }
    return out;
  }
}
