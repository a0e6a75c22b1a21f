package io.tributary.orchestrator.finalize;

import io.tributary.common.sql.FinalizeStatementBuilder;
import io.tributary.common.sql.FinalizeStep.Kind;
import io.tributary.orchestrator.OrchestratorConfig;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Takes a migration's foreign keys off its target tables when replication goes on after them (a
 * cutover rolled back after its finalize step added them): apply writes the tables of a source in
 * no common order, so a foreign key would refuse a child row whose parent has not arrived yet, an
 * {@code ON DELETE CASCADE} would delete rows the source keeps, and a snapshot that starts again
 * could not empty a referenced table. The foreign-key steps become pending again: the next
 * cutover's finalize adds them back (and validates them after its switch).
 *
 * <p>Idempotent: a rollback that runs again (recovery) finds nothing left to drop.
 */
@ApplicationScoped
public class ForeignKeyWithdrawal {
  private static final Logger LOG = Logger.getLogger(ForeignKeyWithdrawal.class);

  /** The foreign keys on these target tables (their names as recorded: quoted and qualified). */
  static final String FOREIGN_KEYS =
      "SELECT t.name, c.conname FROM unnest($1::text[]) AS t(name)"
          + " JOIN pg_constraint c ON c.conrelid = to_regclass(t.name) AND c.contype = 'f'"
          + " ORDER BY 1, 2";

  private final Pool pool;
  private final FinalizeRepository steps;
  private final OrchestratorConfig config;

  public ForeignKeyWithdrawal(Pool pool, FinalizeRepository steps, OrchestratorConfig config) {
    this.pool = pool;
    this.steps = steps;
    this.config = config;
  }

  /**
   * Drops the foreign keys of the migration's target tables and marks their steps pending.
   *
   * @param migration the migration
   * @param why what the steps' detail says (e.g. "cutover 3 rolled back")
   * @return what was dropped, for the audit log; empty when the migration has no foreign keys
   * @throws RuntimeException when a drop fails (a lock not granted in time): the caller reports it,
   *     the remaining foreign keys stay
   */
  public String withdraw(String migration, String why) {
    List<FinalizeRepository.Step> all =
        steps.list(pool, migration).await().atMost(config.databaseTimeout());
    Set<String> tables = new LinkedHashSet<>();
    for (FinalizeRepository.Step step : all) {
      if (step.record().kind() == Kind.FOREIGN_KEY) {
        tables.add(step.record().table());
      }
    }
    if (tables.isEmpty()) {
      return "";
    }
    List<String> dropped = new ArrayList<>();
    long bound = Math.max(1, config.databaseTimeout().toMillis());
    for (Row row :
        pool.preparedQuery(FOREIGN_KEYS)
            .execute(Tuple.of(tables.toArray(String[]::new)))
            .await()
            .atMost(config.databaseTimeout())) {
      String table = row.getString("name");
      String name = row.getString("conname");
      pool.withTransaction(
              c ->
                  c.query("SET LOCAL lock_timeout = " + bound)
                      .execute()
                      .flatMap(
                          set ->
                              c.query(FinalizeStatementBuilder.dropForeignKey(table, name))
                                  .execute()))
          .await()
          .atMost(config.databaseTimeout().multipliedBy(2));
      dropped.add(table + " " + name);
    }
    String detail =
        why
            + ": dropped while replication goes on (apply writes tables in no common order);"
            + " the next cutover adds it again";
    steps
        .reset(pool, migration, List.of(Kind.FOREIGN_KEY, Kind.VALIDATE), detail)
        .await()
        .atMost(config.databaseTimeout());
    if (dropped.isEmpty()) {
      return "";
    }
    LOG.infof("Migration %s: %s; foreign keys dropped: %s", migration, why, dropped);
    return "foreign keys dropped until the next cutover: " + String.join(", ", dropped);
  }
}
