package io.tributary.cdc.apply;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
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
      TargetSession session, Collection<String> topics, Collection<String> resetting) {
    Map<String, Long> current = new HashMap<>();
    if (topics.isEmpty()) {
      return current;
    }
    TreeSet<String> shared = new TreeSet<>(topics);
    shared.removeAll(resetting);
    TreeSet<String> exclusive = new TreeSet<>(resetting);
    read(session, ApplyStatements.LOCK_GENERATIONS, exclusive, current);
    read(session, ApplyStatements.SHARE_GENERATIONS, shared, current);
    if (current.size() < topics.size()) {
      session.update(ApplyStatements.ENSURE_GENERATIONS, (Object) topics.toArray(String[]::new));
      read(session, ApplyStatements.LOCK_GENERATIONS, exclusive, current);
      read(session, ApplyStatements.SHARE_GENERATIONS, shared, current);
    }
    return current;
  }

  private static void read(
      TargetSession session, String sql, TreeSet<String> topics, Map<String, Long> into) {
    if (topics.isEmpty()) {
      return;
    }
    for (Object[] row : session.query(sql, (Object) topics.toArray(String[]::new))) {
      into.put((String) row[0], ((Number) row[1]).longValue());
    }
  }

  /**
   * Whether capture recorded {@code generation} for the table's source in the control schema before
   * publishing its reset markers. A marker it did not record (a record on the topic that capture
   * did not write) never empties a target table: it is refused and logged.
   */
  static boolean recorded(TargetSession session, AppliedTable table, long generation) {
    List<Object[]> rows =
        session.query(
            ApplyStatements.RECORDED_GENERATION, table.migration(), table.definition().source());
    long recorded = rows.isEmpty() ? 0 : ((Number) rows.get(0)[0]).longValue();
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
   * older generations (the new snapshot reads every row again and rejects again what is still bad);
   * a chunked table is no longer loaded until the new snapshot's end marker.
   */
  static void reset(TargetSession session, AppliedTable table, long generation) {
    String topic = table.definition().topic();
    session.update(ApplyStatements.RESET_GENERATION, topic, generation);
    session.execute(table.truncateSql());
    if (table.chunked()) {
      session.update(ApplyStatements.SNAPSHOT_NOT_APPLIED, topic);
    }
    long rejects = session.update(ApplyStatements.DELETE_TOPIC_REJECTS, topic);
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
