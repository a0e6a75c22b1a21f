package io.tributary.orchestrator.fallback;

import io.tributary.common.control.CutoverOutcome;
import io.tributary.common.control.MigrationState;
import io.tributary.common.plan.CutoverStep;
import io.tributary.orchestrator.finalize.ForeignKeyWithdrawal;
import io.tributary.orchestrator.window.FallbackWindows;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * A fallback past its switch back, where the applications use the sources: the foreign keys the
 * cutover's finalize added go, the sources are unfrozen, the target's writers let go and the window
 * closed, then FELL_BACK. Whatever fails from here is reported, never undone.
 */
@ApplicationScoped
class AfterSwitchBack {
  private final ForeignKeyWithdrawal foreignKeys;
  private final UnfreezeSources sources;
  private final FallbackJournal journal;
  private final TargetFreeze targetFreeze;
  private final TargetCredentials target;
  private final FallbackWindows windows;
  private final FallbackEnd end;

  AfterSwitchBack(
      ForeignKeyWithdrawal foreignKeys,
      UnfreezeSources sources,
      FallbackJournal journal,
      TargetFreeze targetFreeze,
      TargetCredentials target,
      FallbackWindows windows,
      FallbackEnd end) {
    this.foreignKeys = foreignKeys;
    this.sources = sources;
    this.journal = journal;
    this.targetFreeze = targetFreeze;
    this.target = target;
    this.windows = windows;
    this.end = end;
  }

  /**
   * Finishes {@code run}, FELL_BACK.
   *
   * @param switched what the switch back did, one line per action
   */
  FallbackReport finish(FallbackRun run, List<String> switched) {
    String migration = run.migration();
    List<String> after = new ArrayList<>();
    // as after a rolled-back cutover: apply writes the sources' changes table by table, so the
    // foreign keys the cutover's finalize added go (the next cutover adds them again)
    try {
      String dropped = foreignKeys.withdraw(migration, run.title());
      if (!dropped.isEmpty()) {
        after.add(dropped);
      }
    } catch (RuntimeException e) {
      after.add(
          "foreign keys NOT dropped ("
              + e.getMessage()
              + "): apply may reject a child row that arrives before its parent");
    }
    after.addAll(sources.unfreeze(run));
    try {
      journal.switched(run);
    } catch (RuntimeException e) {
      after.add("the switch back's time was not recorded: " + e.getMessage());
    }
    List<String> stuck =
        targetFreeze.unfreeze(
            run.plan(),
            run.frozen().stream()
                .filter(f -> !f.how().equals(TargetFreeze.PGBOUNCER_PAUSE))
                .toList(),
            target.url(),
            run.plan().timeout(CutoverStep.ROLLBACK));
    stuck.forEach(s -> after.add("target still read-only: " + s));
    try {
      after.add(windows.close(migration, run.title()));
    } catch (RuntimeException e) {
      after.add(
          "the window's slot and publication were not dropped ("
              + e.getMessage()
              + "): the orchestrator's sweep drops them");
    }
    String detail =
        run.title()
            + " switched the applications back to the sources: "
            + String.join("; ", switched)
            + "; "
            + String.join("; ", after.stream().filter(s -> !s.isEmpty()).toList());
    return end.end(run, MigrationState.FELL_BACK, CutoverOutcome.FELL_BACK, detail, "done");
  }
}
