package io.tributary.orchestrator.behind;

import io.tributary.orchestrator.state.TargetTables;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Installs and removes the behind-apply record of a migration's target tables ({@link
 * BehindApplyStatements}): installed by the cutover's prepare step, before the precutover
 * verification reads the target, so that from then to the switch a write to the target by anything
 * but apply is known to the final gate without reading the table; removed after the switch (the
 * applications write there then) and when a migration is abandoned with its schemas kept. Not
 * installed at provisioning: during the load and replication nothing reads it, and each statement
 * apply makes would pay for the trigger.
 */
@ApplicationScoped
public class BehindApply {
  private static final Logger LOG = Logger.getLogger(BehindApply.class);

  /** How long one table's trigger DDL waits for apply's or an application's transaction. */
  static final Duration LOCK_WAIT = Duration.ofSeconds(5);

  private final Pool pool;

  public BehindApply(Pool pool) {
    this.pool = pool;
  }

  /**
   * Puts the trigger on every target table of the migration, forgetting what was recorded of them
   * before, one transaction per table.
   *
   * @return how many tables have it
   * @throws RuntimeException naming the table that could not get it
   */
  public int install(String migration) {
    List<String[]> tables = tables(migration);
    for (String[] t : tables) {
      try {
        pool.withTransaction(
                c ->
                    c.query(BehindApplyStatements.lockTimeout(LOCK_WAIT.toMillis()))
                        .execute()
                        .chain(() -> c.query(BehindApplyStatements.drop(t[0], t[1])).execute())
                        .chain(() -> c.query(BehindApplyStatements.create(t[0], t[1])).execute())
                        .chain(
                            () ->
                                c.preparedQuery(BehindApplyStatements.FORGET)
                                    .execute(Tuple.of(t[0], t[1]))))
            .await()
            .atMost(LOCK_WAIT.multipliedBy(2));
      } catch (RuntimeException e) {
        throw new IllegalStateException(
            "could not put the behind-apply trigger on "
                + t[0]
                + "."
                + t[1]
                + ": "
                + e.getMessage(),
            e);
      }
    }
    return tables.size();
  }

  /**
   * Drops the trigger from every target table of the migration that has it, each on its own; a
   * table whose lock is not had in time keeps it and is named.
   *
   * @return the tables that still have it (empty when all were done)
   */
  public List<String> remove(String migration) {
    List<String> left = new ArrayList<>();
    for (String[] t : tables(migration)) {
      try {
        pool.withTransaction(
                c ->
                    c.query(BehindApplyStatements.lockTimeout(LOCK_WAIT.toMillis()))
                        .execute()
                        .chain(() -> c.query(BehindApplyStatements.drop(t[0], t[1])).execute()))
            .await()
            .atMost(LOCK_WAIT.multipliedBy(2));
      } catch (RuntimeException e) {
        LOG.warnf(
            "Migration '%s': the behind-apply trigger of %s.%s stays (%s): drop it by hand (DROP"
                + " TRIGGER %s ON ...)",
            migration, t[0], t[1], e.getMessage(), BehindApplyStatements.TRIGGER);
        left.add(t[0] + "." + t[1]);
      }
    }
    return left;
  }

  private List<String[]> tables(String migration) {
    return TargetTables.of(pool, migration, LOCK_WAIT.multipliedBy(2));
  }
}
