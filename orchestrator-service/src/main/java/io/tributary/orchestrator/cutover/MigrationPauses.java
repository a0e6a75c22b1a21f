package io.tributary.orchestrator.cutover;

import io.smallrye.mutiny.Uni;
import io.tributary.common.control.MigrationState;
import io.tributary.orchestrator.OrchestratorConfig;
import io.tributary.orchestrator.state.CommandRefused;
import io.tributary.orchestrator.state.MigrationRecord;
import io.tributary.orchestrator.state.MigrationRepository;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Pauses and resumes a migration's capture ({@code tributary.migrations.paused_at}): while paused,
 * cdc-service stops reading its sources and their changes wait there (SQLite change log, PostgreSQL
 * replication slot); apply finishes what is in Kafka. The state does not change; the audit log
 * records who paused and resumed, and why.
 */
@ApplicationScoped
public class MigrationPauses {
  static final String PAUSE =
      """
      UPDATE tributary.migrations SET paused_at = now(), paused_by = $2
       WHERE id = $1 AND paused_at IS NULL AND state = ANY($3::text[])""";

  static final String RESUME =
      """
      UPDATE tributary.migrations SET paused_at = NULL, paused_by = NULL
       WHERE id = $1 AND paused_at IS NOT NULL""";

  static final String EVENT =
      """
      INSERT INTO tributary.events (migration_id, from_state, to_state, actor, reason, step)
      VALUES ($1, $2, $2, $3, $4, $5)""";

  static final String[] PAUSABLE = {
    MigrationState.SNAPSHOTTING.name(),
    MigrationState.REPLICATING.name(),
    MigrationState.ROLLED_BACK.name(),
    MigrationState.FELL_BACK.name()
  };

  private final Pool pool;
  private final MigrationRepository migrations;
  private final OrchestratorConfig config;

  public MigrationPauses(Pool pool, MigrationRepository migrations, OrchestratorConfig config) {
    this.pool = pool;
    this.migrations = migrations;
    this.config = config;
  }

  /**
   * Pauses capture.
   *
   * @throws CommandRefused when the migration is not capturing, is cutting over, or is paused
   */
  public MigrationRecord pause(String migration, String by, String reason) {
    MigrationRecord record =
        migrations.get(pool, migration).await().atMost(config.databaseTimeout());
    if (!change(PAUSE, Tuple.of(migration, by, PAUSABLE), record, by, "pause", reason)) {
      throw new CommandRefused(
          migration,
          record.state(),
          paused(migration)
              ? "migration '" + migration + "' is paused already"
              : "migration '"
                  + migration
                  + "' is "
                  + record.state()
                  + ": only SNAPSHOTTING, REPLICATING, ROLLED_BACK or FELL_BACK migrations can be"
                  + " paused");
    }
    return record;
  }

  /**
   * Resumes capture.
   *
   * @throws CommandRefused when the migration is not paused
   */
  public MigrationRecord resume(String migration, String by, String reason) {
    MigrationRecord record =
        migrations.get(pool, migration).await().atMost(config.databaseTimeout());
    if (!change(RESUME, Tuple.of(migration), record, by, "resume", reason)) {
      throw new CommandRefused(
          migration, record.state(), "migration '" + migration + "' is not paused");
    }
    return record;
  }

  /**
   * Runs the guarded update and, when it changed the migration, its audit entry ({@code step}:
   * {@code pause} or {@code resume}), in one transaction.
   *
   * @return false when the update changed nothing (the migration was not in the expected state)
   */
  private boolean change(
      String update, Tuple parameters, MigrationRecord record, String by, String step, String why) {
    String what = "capture " + (step.equals("pause") ? "paused" : "resumed");
    return pool.withTransaction(
            c ->
                c.preparedQuery(update)
                    .execute(parameters)
                    .chain(
                        rows ->
                            rows.rowCount() == 0
                                ? Uni.createFrom().item(false)
                                : c.preparedQuery(EVENT)
                                    .execute(
                                        Tuple.of(
                                            record.id(),
                                            record.state().name(),
                                            by,
                                            what + (blank(why) ? "" : ": " + why),
                                            step))
                                    .replaceWith(true)))
        .await()
        .atMost(config.databaseTimeout());
  }

  /** True while the migration's capture is paused. */
  public boolean paused(String migration) {
    for (var row :
        pool.preparedQuery(
                "SELECT paused_at IS NOT NULL AS p FROM tributary.migrations WHERE id = $1")
            .execute(Tuple.of(migration))
            .await()
            .atMost(config.databaseTimeout())) {
      return row.getBoolean("p");
    }
    return false;
  }

  private static boolean blank(String text) {
    return text == null || text.isBlank();
  }
}
