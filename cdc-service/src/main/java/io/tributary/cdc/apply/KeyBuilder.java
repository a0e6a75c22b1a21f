package io.tributary.cdc.apply;

import io.tributary.common.sql.Identifiers;
import io.tributary.common.sql.TableDdlBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Builds the key of a bulk-loaded table once its snapshot is in (DESIGN.md, Apply), in one
 * transaction: the table's generation locked exclusively (batches of the table wait, and a batch
 * that waited sees the key), older copies of keys that at-least-once delivery brought twice removed
 * (the copy written last wins, {@link TableDdlBuilder#dedupe}), the primary key or identity UNIQUE
 * constraint built, and {@code tributary.tables.key_built_at} recorded. From then on the table's
 * rows go in by upsert.
 */
@ApplicationScoped
public class KeyBuilder {
  private static final Logger LOG = Logger.getLogger(KeyBuilder.class);
  private static final Pattern MEMORY = Pattern.compile("[1-9][0-9]{0,8}(kB|MB|GB)");
  private static final String UNIQUE_VIOLATION = "23505";

  private final String begin;

  public KeyBuilder(ApplyConfig config) {
    if (!MEMORY.matcher(config.keyBuildMemory()).matches()) {
      throw new IllegalArgumentException(
          "tributary.apply.key-build-memory must be a PostgreSQL size such as 256MB, not '"
              + config.keyBuildMemory()
              + "'");
    }
    this.begin =
        "BEGIN; SET LOCAL maintenance_work_mem = " + Identifiers.literal(config.keyBuildMemory());
  }

  /**
   * Builds the table's key unless it is built already.
   *
   * @return true when this call recorded the key as built; false when it was before (or the table
   *     is not bulk-loaded)
   */
  boolean build(TargetSession session, AppliedTable table) {
    String topic = table.definition().topic();
    long started = System.nanoTime();
    session.execute(begin);
    boolean done = false;
    try {
      SnapshotGenerations.lock(session, List.of(topic), Set.of(topic));
      List<Object[]> state = session.query(ApplyStatements.LOCK_TABLE_LOAD, topic);
      if (state.isEmpty()
          || !Boolean.TRUE.equals(state.get(0)[0])
          || Boolean.TRUE.equals(state.get(0)[1])) {
        return false;
      }
      String qualified =
          Identifiers.qualified(
              table.definition().targetSchema(), table.definition().targetTable());
      boolean present =
          Boolean.TRUE.equals(
              session.query(
                      TableDdlBuilder.HAS_KEY,
                      qualified,
                      TableDdlBuilder.uniqueKeyName(table.definition()))
                  .get(0)[0]);
      long removed = 0;
      if (!present) {
        removed = addKey(session, table);
      }
      session.update(ApplyStatements.KEY_BUILT, topic);
      session.execute("COMMIT");
      done = true;
      LOG.infof(
          "Key of %s built in %d ms%s; its rows go in by upsert from now on",
          qualified,
          (System.nanoTime() - started) / 1_000_000,
          present
              ? " (it existed already)"
              : removed == 0
                  ? ""
                  : " after removing " + removed + " older copies of keys delivered twice");
      return true;
    } finally {
      if (!done) {
        rollbackQuietly(session);
      }
    }
  }

  /** Adds the key; when keys are there twice, removes their older copies first. */
  private static long addKey(TargetSession session, AppliedTable table) {
    String addKey = TableDdlBuilder.addKey(table.definition());
    session.execute("SAVEPOINT tributary_key");
    try {
      session.execute(addKey);
      session.execute("RELEASE SAVEPOINT tributary_key");
      return 0;
    } catch (RuntimeException e) {
      if (!UNIQUE_VIOLATION.equals(TargetErrors.sqlState(e))) {
        throw e;
      }
    }
    session.execute("ROLLBACK TO SAVEPOINT tributary_key");
    long removed = session.update(TableDdlBuilder.dedupe(table.definition()));
    session.execute(addKey);
    return removed;
  }

  private static void rollbackQuietly(TargetSession session) {
    try {
      session.execute("ROLLBACK");
    } catch (RuntimeException e) {
      LOG.debugf("Rollback failed (connection lost?): %s", e.getMessage());
    }
  }
}
