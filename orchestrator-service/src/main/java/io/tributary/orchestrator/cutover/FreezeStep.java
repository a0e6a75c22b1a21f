package io.tributary.orchestrator.cutover;

import io.tributary.common.plan.CutoverStep;
import io.tributary.source.spi.freeze.CutoverSource;
import io.tributary.source.spi.freeze.FreezeOutcome;
import io.tributary.source.spi.freeze.FrozenSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes stop on every source (SQLite read-only triggers, PgBouncer PAUSE, read-only roles). What
 * each freeze will do is recorded before it acts, so that a rollback, or a restarted orchestrator,
 * undoes it even when the freeze stops half way (the roles to make read-only are looked up first);
 * what it did is recorded after. The write pause starts here.
 */
@ApplicationScoped
class FreezeStep implements CutoverStepAction {
  private final SourceFreezer freezer;
  private final CutoverJournal journal;
  private final CutoverHooks hooks;

  FreezeStep(SourceFreezer freezer, CutoverJournal journal, CutoverHooks hooks) {
    this.freezer = freezer;
    this.journal = journal;
    this.hooks = hooks;
  }

  @Override
  public CutoverStep step() {
    return CutoverStep.FREEZE;
  }

  @Override
  public String run(CutoverRun run) {
    List<CutoverSource> sources = run.sources();
    List<FrozenSource> intents = new ArrayList<>();
    for (CutoverSource source : sources) {
      // looked up before anything is frozen (the roles to make read-only), so that the rollback
      // undoes all of it whenever the freeze stops
      intents.add(
          freezer.resolve(
              source,
              freezer.intent(source, run.plan()),
              run.plan(),
              run.plan().timeout(CutoverStep.FREEZE)));
    }
    journal.frozen(run.cutover(), intents);
    run.frozen(intents);
    String message = refusal(run.cutover());
    List<String> done = new ArrayList<>();
    List<FrozenSource> actual = new ArrayList<>();
    for (int i = 0; i < sources.size(); i++) {
      FreezeOutcome outcome =
          freezer.freeze(
              sources.get(i),
              intents.get(i),
              run.plan(),
              message,
              run.plan().timeout(CutoverStep.FREEZE));
      actual.add(outcome.frozen());
      done.add(outcome.detail());
      hooks.reached(CutoverHooks.Point.SOURCE_FROZEN, run.migration());
    }
    journal.frozen(run.cutover(), actual);
    run.frozen(actual);
    return String.join("; ", done);
  }

  /** What a write refused by the freeze says to the application. */
  static String refusal(Cutover cutover) {
    return "tributary: this database has moved to PostgreSQL (migration "
        + cutover.migration()
        + ", cutover "
        + cutover.id()
        + "); writes here are refused";
  }
}
