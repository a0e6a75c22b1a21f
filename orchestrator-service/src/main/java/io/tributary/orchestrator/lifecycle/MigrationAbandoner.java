package io.tributary.orchestrator.lifecycle;

import io.tributary.common.control.MigrationState;
import io.tributary.orchestrator.OrchestratorConfig;
import io.tributary.orchestrator.control.StatusPublisher;
import io.tributary.orchestrator.state.CommandRefused;
import io.tributary.orchestrator.state.MigrationConflictException;
import io.tributary.orchestrator.state.MigrationRecord;
import io.tributary.orchestrator.state.MigrationRepository;
import io.tributary.orchestrator.state.StateTransition;
import io.tributary.orchestrator.state.TransitionRecorder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Abandons a migration ({@code DELETE /migrations/{id}}): moves it to ABANDONED, which stops its
 * capture and apply, then has {@link AbandonCleanup} remove what it left (change capture in the
 * sources, topics, optionally the target schemas), waiting up to {@code
 * tributary.orchestrator.abandon-wait}. Refused while a cutover is under way (roll it back first)
 * and after the switch (the target is the applications' now). Abandoning again retries an
 * unfinished cleanup, and may add {@code dropTarget}.
 *
 * <p>Also frees the id of a cleaned-up abandoned migration when a plan reuses it ({@link
 * #forgetForResubmission}).
 */
@ApplicationScoped
public class MigrationAbandoner {
  private final Pool pool;
  private final MigrationRepository migrations;
  private final TransitionRecorder transitions;
  private final StatusPublisher status;
  private final AbandonCleanup cleanup;
  private final OrchestratorConfig config;

  public MigrationAbandoner(
      Pool pool,
      MigrationRepository migrations,
      TransitionRecorder transitions,
      StatusPublisher status,
      AbandonCleanup cleanup,
      OrchestratorConfig config) {
    this.pool = pool;
    this.migrations = migrations;
    this.transitions = transitions;
    this.status = status;
    this.cleanup = cleanup;
    this.config = config;
  }

  /**
   * Abandons a migration and cleans up what it can within the wait.
   *
   * @throws CommandRefused when a cutover is under way or done
   * @throws io.tributary.orchestrator.state.MigrationNotFoundException no such migration
   */
  public AbandonReport abandon(String id, boolean dropTarget, String by, String reason) {
    MigrationRecord record = migrations.get(pool, id).await().atMost(config.databaseTimeout());
    MigrationState state = record.state();
    if (state == MigrationState.CUTTING_OVER) {
      throw new CommandRefused(
          id,
          state,
          "migration '"
              + id
              + "' is cutting over: roll the cutover back first (POST /migrations/"
              + id
              + "/rollback), then abandon it");
    }
    if (state == MigrationState.CUT_OVER) {
      throw new CommandRefused(
          id,
          state,
          "migration '"
              + id
              + "' is cut over: its target schemas are the applications' now and its sources'"
              + " change capture was removed at the cutover; there is nothing to abandon");
    }
    String why =
        "abandoned"
            + (dropTarget ? ", target schemas dropped" : ", target schemas kept")
            + (reason == null || reason.isBlank() ? "" : ": " + reason);
    if (state == MigrationState.ABANDONED) {
      // abandoned before: one more attempt at what is left, no wait (the sweep goes on)
      AbandonReport before = cleanup.read(id);
      if (dropTarget && !before.dropTarget()) {
        pool.withTransaction(
                c ->
                    c.preparedQuery(LifecycleStatements.RECORD_ABANDON)
                        .execute(Tuple.of(id, true))
                        .chain(
                            () ->
                                c.preparedQuery(LifecycleStatements.EVENT)
                                    .execute(Tuple.of(id, state.name(), by, why, "abandon"))))
            .await()
            .atMost(config.databaseTimeout());
      }
      return cleanup.attempt(id);
    }
    Optional<StateTransition> moved =
        pool.withTransaction(
                c ->
                    transitions
                        .transition(c, id, state, MigrationState.ABANDONED, by, why)
                        .call(
                            t ->
                                c.preparedQuery(LifecycleStatements.RECORD_ABANDON)
                                    .execute(Tuple.of(id, dropTarget))))
            .await()
            .atMost(config.databaseTimeout());
    if (moved.isEmpty()) {
      MigrationRecord now = migrations.get(pool, id).await().atMost(config.databaseTimeout());
      throw new CommandRefused(
          id,
          now.state(),
          "migration '"
              + id
              + "' moved from "
              + state
              + " to "
              + now.state()
              + " meanwhile; look at it again before abandoning it");
    }
    status.publish(moved.get());
    return awaitCleanup(id);
  }

  /** Attempts the cleanup until it is done or the wait is over; the report as it stands then. */
  private AbandonReport awaitCleanup(String id) {
    long deadline = System.nanoTime() + config.abandonWait().toNanos();
    AbandonReport report = cleanup.attempt(id);
    while (!report.cleanedUp() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(Math.max(100, config.superviseInterval().toMillis() / 4));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      report = cleanup.attempt(id);
    }
    return report;
  }

  /**
   * Frees the id of an abandoned, cleaned-up migration for a plan that reuses it: its control rows
   * go (its audit log stays, so the id's history reads on).
   *
   * @throws MigrationConflictException when the existing migration is not abandoned, or its cleanup
   *     is not finished (says what it waits for)
   */
  public void forgetForResubmission(MigrationRecord existing) {
    String id = existing.id();
    if (existing.state() != MigrationState.ABANDONED) {
      throw new MigrationConflictException(id, existing.state());
    }
    AbandonReport report = cleanup.attempt(id);
    if (!report.cleanedUp()) {
      throw new MigrationConflictException(
          id,
          existing.state(),
          "migration '"
              + id
              + "' is abandoned but not cleaned up yet (waiting for "
              + (report.waitingFor() == null ? "its cleanup" : report.waitingFor())
              + "); submit it again once GET /migrations/"
              + id
              + "/abandon says cleanedUp");
    }
    pool.withTransaction(
            c ->
                c.preparedQuery(LifecycleStatements.FORGET_REJECTS)
                    .execute(Tuple.of(id))
                    .chain(
                        () ->
                            c.preparedQuery(LifecycleStatements.FORGET_VALIDATIONS)
                                .execute(Tuple.of(id)))
                    .chain(
                        () ->
                            c.preparedQuery(LifecycleStatements.FORGET_MIGRATION)
                                .execute(Tuple.of(id))))
        .await()
        .atMost(config.databaseTimeout());
  }
}
