package io.tributary.orchestrator.fallback;

import io.tributary.common.control.CutoverOutcome;
import io.tributary.common.control.MigrationState;
import io.tributary.common.plan.CutoverPlan;
import io.tributary.orchestrator.OrchestratorConfig;
import io.tributary.orchestrator.cutover.Cutover;
import io.tributary.orchestrator.cutover.CutoverPlans;
import io.tributary.orchestrator.cutover.CutoverRecords;
import io.tributary.orchestrator.cutover.CutoverRepository;
import io.tributary.orchestrator.cutover.CutoverSourceRepository;
import io.tributary.orchestrator.state.CommandRefused;
import io.tributary.orchestrator.state.MigrationRecord;
import io.tributary.orchestrator.state.MigrationRepository;
import io.tributary.orchestrator.state.TransitionRecorder;
import io.tributary.orchestrator.window.FallbackWindow;
import io.tributary.orchestrator.window.FallbackWindows;
import io.tributary.source.spi.freeze.CutoverSource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A fallback: a cutover backwards, within the fallback window. The rows written back since the last
 * round of validation in reverse are compared while the target is still live, then the target
 * schemas are frozen ({@link TargetFreeze}), a fence written into the target's WAL is waited for
 * until the write-back put every change before it into the sources, every table is counted and the
 * rows written back since that round compared (validator-service), the sources' change capture is
 * installed again while they are frozen, the switch actions run backwards ({@link SwitchBack}), the
 * sources are unfrozen and the target's writers let go: FELL_BACK, where replication goes on from
 * the sources as after a rollback. Any failure before the switch back undoes the freeze and leaves
 * the target live (CUT_OVER, the window still open): nothing is lost either way. The write pause
 * runs from the target's freeze to the switch back. This class refuses what cannot run and opens
 * the fallback; {@link FallbackSequence} runs it.
 */
@ApplicationScoped
public class FallbackCoordinator {
  static final String STUCK = "SELECT id FROM tributary.migrations WHERE state = 'FALLING_BACK'";

  private final Pool pool;
  private final OrchestratorConfig config;
  private final MigrationRepository migrations;
  private final TransitionRecorder transitions;
  private final CutoverRepository journal;
  private final CutoverPlans plans;
  private final CutoverSourceRepository sources;
  private final FallbackWindows windows;
  private final FallbackSequence sequence;
  private final FallbackJournal steps;

  FallbackCoordinator(
      CutoverRecords records,
      TransitionRecorder transitions,
      FallbackWindows windows,
      FallbackSequence sequence,
      FallbackJournal steps) {
    this.pool = records.pool();
    this.config = records.config();
    this.migrations = records.migrations();
    this.transitions = transitions;
    this.journal = records.cutovers();
    this.plans = records.plans();
    this.sources = records.sources();
    this.windows = windows;
    this.sequence = sequence;
    this.steps = steps;
  }

  /**
   * Falls back, start to end.
   *
   * @throws CommandRefused when the migration is not CUT_OVER, has no open window, its write-back
   *     is failing, or a cutover or fallback is under way
   */
  public synchronized FallbackReport fallBack(String migration, String by, String reason) {
    MigrationRecord record = migrations.get(pool, migration).await().atMost(timeout());
    CommandRefused.unlessIn(
        record,
        MigrationState.CUT_OVER,
        "a fallback starts from CUT_OVER, within the fallback window");
    FallbackWindow window =
        windows
            .window(migration)
            .filter(FallbackWindow::open)
            .orElseThrow(
                () ->
                    new CommandRefused(
                        migration,
                        record.state(),
                        "migration '"
                            + migration
                            + "' has no open fallback window (its plan says cutover.fallback:"
                            + " false, or the window was finished): the sources do not hold the"
                            + " target's changes"));
    if (window.error() != null) {
      throw new CommandRefused(
          migration,
          record.state(),
          "the write-back into the sources is failing since "
              + window.errorAt()
              + " ("
              + window.error()
              + "): the sources lack the target's latest changes; see GET /migrations/"
              + migration
              + "/fallback");
    }
    CutoverPlan plan = plans.of(migration, record.state());
    List<CutoverSource> list = sources.sources(pool, migration, timeout());
    Cutover fallback =
        journal
            .openFallback(pool, migration, by, reason, "verify", timeout())
            .orElseThrow(
                () ->
                    new CommandRefused(
                        migration, record.state(), "a cutover or fallback is under way"));
    boolean moved =
        transitions
            .transition(
                pool,
                migration,
                MigrationState.CUT_OVER,
                MigrationState.FALLING_BACK,
                by,
                "fallback " + fallback.id() + " started" + (reason == null ? "" : ": " + reason))
            .await()
            .atMost(timeout())
            .isPresent();
    if (!moved) {
      String why = "migration '" + migration + "' left CUT_OVER meanwhile (finished?)";
      journal.finish(pool, fallback.id(), CutoverOutcome.ROLLED_BACK, why, "refused", timeout());
      throw new CommandRefused(migration, record.state(), why);
    }
    return sequence.run(new FallbackRun(by, fallback, plan, list));
  }

  /**
   * Ends the fallbacks an orchestrator left under way (it stopped in the middle): before the switch
   * back, rolled back (the target unfrozen as recorded, the window open again: CUT_OVER); after it,
   * finished (the sources unfrozen, the window closed: FELL_BACK). Called by {@link
   * FallbackFinisher}'s sweep; a fallback running in this process holds the lock meanwhile.
   */
  public synchronized List<String> recoverStuck() {
    List<String> done = new ArrayList<>();
    for (Row row : pool.query(STUCK).execute().await().atMost(timeout())) {
      String migration = row.getString(0);
      Optional<Cutover> open = journal.latestFallback(pool, migration, timeout());
      if (open.isEmpty() || open.get().finishedAt() != null) {
        continue;
      }
      Cutover fallback = open.get();
      CutoverPlan plan = plans.of(migration, MigrationState.FALLING_BACK);
      List<CutoverSource> list = sources.sources(pool, migration, timeout());
      FallbackRun run = FallbackRun.leftOver(fallback, plan, list, steps.frozen(fallback));
      FallbackReport report =
          fallback.switchStartedAt() == null
              ? sequence.rollBack(
                  run, "the orchestrator stopped during the fallback; recovered at its restart")
              : sequence.finish(
                  run, List.of("switch back recovered after the orchestrator's restart"));
      done.add(migration + ": " + report.outcome());
    }
    return done;
  }

  private Duration timeout() {
    return config.databaseTimeout();
  }
}
