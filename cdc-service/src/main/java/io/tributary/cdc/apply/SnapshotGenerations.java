package io.tributary.cdc.apply;

import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * The snapshot generation each table topic is applied at ({@code tributary.apply_generations}),
 * read and changed inside a batch's transaction.
 *
 * <p>A source whose snapshot can start over (PostgreSQL: Debezium takes a new snapshot when the
 * last one did not complete) moves to a new generation first and publishes a reset marker on every
 * partition ({@link io.tributary.common.event.Topics#RESET_HEADER}). The first marker that reaches
 * apply empties the target table and raises the topic's generation; records of older generations,
 * on any partition, are ignored from then on. The row is read {@code FOR SHARE} by every batch and
 * updated by a reset, so a batch of an older generation that another instance writes concurrently
 * either commits before the table is emptied or sees the new generation and is ignored.
 */
final class SnapshotGenerations {
  private static final Logger LOG = Logger.getLogger(SnapshotGenerations.class);

  private SnapshotGenerations() {}

  /**
   * Locks and reads the generations of {@code topics}: exclusively for those about to be reset,
   * shared for the others; a topic never seen before is at generation 0.
   */
  static Map<String, Long> lock(
      SqlConnection conn,
      Collection<String> topics,
      Collection<String> resetting,
      Duration timeout) {
    Map<String, Long> current = new HashMap<>();
    if (topics.isEmpty()) {
      return current;
    }
    TreeSet<String> shared = new TreeSet<>(topics);
    shared.removeAll(resetting);
    TreeSet<String> exclusive = new TreeSet<>(resetting);
    read(conn, ApplyStatements.LOCK_GENERATIONS, exclusive, current, timeout);
    read(conn, ApplyStatements.SHARE_GENERATIONS, shared, current, timeout);
    if (current.size() < topics.size()) {
      conn.preparedQuery(ApplyStatements.ENSURE_GENERATIONS)
          .execute(Tuple.of((Object) topics.toArray(String[]::new)))
          .await()
          .atMost(timeout);
      read(conn, ApplyStatements.LOCK_GENERATIONS, exclusive, current, timeout);
      read(conn, ApplyStatements.SHARE_GENERATIONS, shared, current, timeout);
    }
    return current;
  }

  private static void read(
      SqlConnection conn,
      String sql,
      TreeSet<String> topics,
      Map<String, Long> into,
      Duration timeout) {
    if (topics.isEmpty()) {
      return;
    }
    for (Row row :
        conn.preparedQuery(sql)
            .execute(Tuple.of((Object) topics.toArray(String[]::new)))
            .await()
            .atMost(timeout)) {
      into.put(row.getString("topic"), row.getLong("generation"));
    }
  }

  /**
   * Whether capture recorded {@code generation} for the table's source in the control schema before
   * publishing its reset markers. A marker it did not record (a record on the topic that capture
   * did not write) never empties a target table: it is refused and logged.
   */
  static boolean recorded(
      SqlConnection conn, AppliedTable table, long generation, Duration timeout) {
    RowSet<Row> rows =
        conn.preparedQuery(ApplyStatements.RECORDED_GENERATION)
            .execute(Tuple.of(table.migration(), table.definition().source()))
            .await()
            .atMost(timeout);
    long recorded = rows.size() == 0 ? 0 : rows.iterator().next().getLong(0);
    if (generation <= recorded) {
      return true;
    }
    LOG.errorf(
        "A reset marker on topic %s asks for snapshot generation %d, but capture recorded"
            + " generation %d for source %s/%s: not applied, target table %s.%s left as it is (a"
            + " record capture did not write?)",
        table.definition().topic(),
        generation,
        recorded,
        table.migration(),
        table.definition().source(),
        table.definition().targetSchema(),
        table.definition().targetTable());
    return false;
  }

  /**
   * Moves a table to a newer generation: empties the target table and drops the rejects of the
   * older generations (the new snapshot reads every row again and rejects again what is still bad).
   */
  static void reset(SqlConnection conn, AppliedTable table, long generation, Duration timeout) {
    String topic = table.definition().topic();
    conn.preparedQuery(ApplyStatements.RESET_GENERATION)
        .execute(Tuple.of(topic, generation))
        .await()
        .atMost(timeout);
    conn.query(table.truncateSql()).execute().await().atMost(timeout);
    int rejects =
        conn.preparedQuery(ApplyStatements.DELETE_TOPIC_REJECTS)
            .execute(Tuple.of(topic))
            .await()
            .atMost(timeout)
            .rowCount();
    LOG.infof(
        "Snapshot generation %d of %s starts: target table %s.%s emptied (%d rejects of earlier"
            + " generations dropped); the new snapshot replaces it",
        generation,
        table.definition().qualifiedSourceName(),
        table.definition().targetSchema(),
        table.definition().targetTable(),
        rejects);
  }
}
