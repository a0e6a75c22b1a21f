package io.tributary.orchestrator.finalize;

import io.smallrye.mutiny.Uni;
import io.tributary.common.sql.FinalizeStep.Kind;
import io.tributary.common.sql.KeyStatementBuilder;
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
   * Drops the foreign keys of the migration's target tables and marks their steps pending, all in
   * one transaction: either every key is gone and its step says so, or nothing changed (a step left
   * {@code done} over a dropped key would never be added again).
   *
   * @param migration the migration
   * @param why what the steps' detail says (e.g. "cutover 3 rolled back")
   * @return what was dropped, for the audit log; empty when the migration has no foreign keys
   * @throws RuntimeException when a drop fails (a lock not granted in time): nothing was dropped,
   *     the caller reports it
   */
  public String withdraw(String migration, String why) {
    Set<String> tables = new LinkedHashSet<>();
    for (FinalizeRepository.Step step :
        steps.list(pool, migration).await().atMost(config.databaseTimeout())) {
      if (step.record().kind() == Kind.FOREIGN_KEY) {
        tables.add(step.record().table());
      }
    }
    if (tables.isEmpty()) {
      return "";
    }
    String detail =
        why
            + ": dropped while replication goes on (apply writes tables in no common order);"
            + " the next cutover adds it again";
    long bound = Math.max(1, config.databaseTimeout().toMillis());
    List<String> dropped = new ArrayList<>();
    pool.withTransaction(
            c ->
                c.query("SET LOCAL lock_timeout = " + bound)
                    .execute()
                    .flatMap(
                        set ->
                            c.preparedQuery(FOREIGN_KEYS)
                                .execute(Tuple.of(tables.toArray(String[]::new))))
                    .flatMap(
                        keys -> {
                          Uni<Void> drops = Uni.createFrom().voidItem();
                          for (Row key : keys) {
                            String table = key.getString("name");
                            String name = key.getString("conname");
                            dropped.add(table + " " + name);
                            String drop = KeyStatementBuilder.dropForeignKey(table, name);
                            drops = drops.flatMap(v -> c.query(drop).execute().replaceWithVoid());
                          }
                          return drops;
                        })
                    .flatMap(
                        v ->
                            steps.reset(
                                c, migration, List.of(Kind.FOREIGN_KEY, Kind.VALIDATE), detail)))
        .await()
        .atMost(config.databaseTimeout().multipliedBy(2));
    if (dropped.isEmpty()) {
      return "";
    }
    LOG.infof("Migration %s: %s; foreign keys dropped: %s", migration, why, dropped);
    return "foreign keys dropped until the next cutover: " + String.join(", ", dropped);
  }
}
