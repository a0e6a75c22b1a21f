package io.tributary.cdc.apply;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.fault.FaultPoints;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Writes one batch in one target transaction: every table's deletes and upserts as set-based
 * statements, the rows that cannot be written into {@code tributary.rejects}, and the batch's next
 * offsets into {@code tributary.apply_offsets} with the highest source position it applied per
 * partition (the validator compares a source read at a known position with the target only when
 * apply has applied nothing beyond it) — all or nothing. Before writing it locks the stored offsets
 * of the batch's partitions and gives up when another consumer already applied past the batch's
 * start (a rebalance happened), so two instances never apply the same records.
 *
 * <p>When a set statement fails on an error about its rows (anything but the transient errors of
 * {@link #isTransient}), the batch is written again with each row under its own savepoint, and only
 * the failing rows are rejected.
 */
@ApplicationScoped
public class BatchWriter {
  private static final Logger LOG = Logger.getLogger(BatchWriter.class);

  /** What happened to a batch. */
  public enum Outcome {
    COMMITTED,
    /**
     * Another consumer applied past this batch's start, or the target lost this writer's last
     * commits: nothing written, re-seek to the stored offsets.
     */
    STALE
  }

  private final Pool pool;
  private final ApplyConfig config;

  /**
   * The offset after the last batch this writer committed, per partition: a stored offset behind it
   * means the target lost commits.
   */
  private final Map<TopicPartition, Long> committed = new ConcurrentHashMap<>();

  public BatchWriter(Pool pool, ApplyConfig config) {
    this.pool = pool;
    this.config = config;
  }

  /**
   * @param firstOffsets the first offset of the batch per partition
   * @param nextOffsets the offset after the batch per partition
   * @param positions the highest source position of the batch's change events per partition
   *     (partitions with none are absent)
   * @param resets the newest reset marker of the batch per table (see {@link SnapshotGenerations})
   * @param rejects records already rejected before writing (undecodable); rows failing in the
   *     database are added to this list, and rejects of replaced generations are removed from it
   */
  public Outcome write(
      List<TableWork> work,
      Map<AppliedTable, Long> resets,
      Map<TopicPartition, Long> firstOffsets,
      Map<TopicPartition, Long> nextOffsets,
      Map<TopicPartition, Long> positions,
      List<Reject> rejects) {
    Duration timeout = config.writeTimeout();
    SqlConnection conn = pool.getConnection().await().atMost(timeout);
    try {
      try {
        return attempt(
            conn, work, resets, firstOffsets, nextOffsets, positions, rejects, false, timeout);
      } catch (PgException e) {
        if (!isAboutTheRows(e)) {
          throw e;
        }
        LOG.infof(
            "A set write failed with %s (%s); writing the batch row by row to isolate the bad rows",
            e.getSqlState(), e.getErrorMessage());
        return attempt(
            conn, work, resets, firstOffsets, nextOffsets, positions, rejects, true, timeout);
      }
    } finally {
      conn.close().await().atMost(timeout);
    }
  }

  private Outcome attempt(
      SqlConnection conn,
      List<TableWork> batch,
      Map<AppliedTable, Long> resets,
      Map<TopicPartition, Long> firstOffsets,
      Map<TopicPartition, Long> nextOffsets,
      Map<TopicPartition, Long> positions,
      List<Reject> rejects,
      boolean rowByRow,
      Duration timeout) {
    conn.query(ApplyStatements.begin(config.synchronousCommit())).execute().await().atMost(timeout);
    boolean done = false;
    try {
      if (!offsetsStillOurs(conn, firstOffsets, timeout)) {
        return Outcome.STALE;
      }
      Set<String> cutOver = cutOver(conn, batch, resets, timeout);
      Map<AppliedTable, Long> live = new HashMap<>(resets);
      live.keySet().removeIf(t -> cutOver.contains(t.migration()));
      Map<String, Long> generations =
          generations(
              conn,
              batch.stream().filter(t -> !cutOver.contains(t.table().migration())).toList(),
              live,
              rejects,
              timeout);
      List<TableWork> work = new ArrayList<>(batch.size());
      for (TableWork table : batch) {
        if (!cutOver.contains(table.table().migration())) {
          work.add(table.from(generations.getOrDefault(table.table().definition().topic(), 0L)));
        }
      }
      List<Reject> found = new ArrayList<>();
      for (Reject reject : rejects) {
        if (reject.record().generation() >= generations.getOrDefault(reject.record().topic(), 0L)
            && !cutOver.contains(reject.migration())) {
          found.add(reject);
        }
      }
      for (TableWork table : work) {
        if (rowByRow) {
          writeRowByRow(conn, table, found, timeout);
        } else {
          writeSet(conn, table, timeout);
        }
      }
      storeRejects(conn, found, timeout);
      storeOffsets(conn, nextOffsets, positions, timeout);
      FaultPoints.reach("apply.before-commit");
      conn.query("COMMIT").execute().await().atMost(timeout);
      done = true;
      committed.putAll(nextOffsets);
      FaultPoints.reach("apply.after-commit");
      rejects.clear();
      rejects.addAll(found);
      return Outcome.COMMITTED;
    } finally {
      if (!done) {
        rollbackQuietly(conn, timeout);
      }
    }
  }

  /**
   * The batch's migrations that were cut over, locked {@code FOR SHARE} until the batch commits:
   * their target tables belong to the applications now, so nothing of theirs is written (a capture
   * restarted around the end of a cutover must never empty or overwrite them); their offsets are
   * stored all the same.
   */
  private static Set<String> cutOver(
      SqlConnection conn, List<TableWork> batch, Map<AppliedTable, Long> resets, Duration timeout) {
    Set<String> migrations = new HashSet<>();
    batch.forEach(t -> migrations.add(t.table().migration()));
    resets.keySet().forEach(t -> migrations.add(t.migration()));
    Set<String> ended = new HashSet<>();
    if (migrations.isEmpty()) {
      return ended;
    }
    for (Row row :
        conn.preparedQuery(ApplyStatements.CUT_OVER_MIGRATIONS)
            .execute(Tuple.of((Object) migrations.toArray(String[]::new)))
            .await()
            .atMost(timeout)) {
      ended.add(row.getString("id"));
    }
    if (!ended.isEmpty()) {
      LOG.warnf(
          "Records of migrations %s arrived after their cutover: not written (their target tables"
              + " belong to the applications now)",
          ended);
    }
    return ended;
  }

  /**
   * Locks the snapshot generations of the batch's topics and applies its reset markers: a table
   * whose marker is newer than its generation is emptied first. Returns the generation of each
   * topic; the batch's records of older generations are not written.
   */
  private static Map<String, Long> generations(
      SqlConnection conn,
      List<TableWork> work,
      Map<AppliedTable, Long> resets,
      List<Reject> rejects,
      Duration timeout) {
    Set<String> topics = new HashSet<>();
    work.forEach(w -> topics.add(w.table().definition().topic()));
    rejects.forEach(r -> topics.add(r.record().topic()));
    Map<String, AppliedTable> resetTables = new HashMap<>();
    resets.keySet().forEach(t -> resetTables.put(t.definition().topic(), t));
    topics.addAll(resetTables.keySet());
    Map<String, Long> generations =
        SnapshotGenerations.lock(conn, topics, resetTables.keySet(), timeout);
    for (Map.Entry<AppliedTable, Long> reset : resets.entrySet()) {
      String topic = reset.getKey().definition().topic();
      if (reset.getValue() > generations.getOrDefault(topic, 0L)
          && SnapshotGenerations.recorded(conn, reset.getKey(), reset.getValue(), timeout)) {
        SnapshotGenerations.reset(conn, reset.getKey(), reset.getValue(), timeout);
        generations.put(topic, reset.getValue());
      }
    }
    return generations;
  }

  private boolean offsetsStillOurs(
      SqlConnection conn, Map<TopicPartition, Long> firstOffsets, Duration timeout) {
    List<String> topics = new ArrayList<>();
    List<Integer> partitions = new ArrayList<>();
    firstOffsets
        .keySet()
        .forEach(
            tp -> {
              topics.add(tp.topic());
              partitions.add(tp.partition());
            });
    Tuple params =
        Tuple.of(
            config.groupId(), topics.toArray(String[]::new), partitions.toArray(Integer[]::new));
    boolean ours = true;
    Set<TopicPartition> found = new HashSet<>();
    for (Row row :
        conn.preparedQuery(ApplyStatements.LOCK_OFFSETS).execute(params).await().atMost(timeout)) {
      TopicPartition tp =
          new TopicPartition(row.getString("topic"), row.getInteger("kafka_partition"));
      found.add(tp);
      long stored = row.getLong("next_offset");
      Long mine = committed.get(tp);
      if (stored > firstOffsets.get(tp)) {
        LOG.infof(
            "Partition %s was applied up to %d by another consumer; this batch starts at %d: skipped",
            tp, stored, firstOffsets.get(tp));
        ours = false;
      } else if (mine != null && stored < mine) {
        lostCommits(tp, mine, stored);
        committed.put(tp, stored);
        ours = false;
      }
    }
    for (TopicPartition tp : firstOffsets.keySet()) {
      Long mine = committed.get(tp);
      if (!found.contains(tp) && mine != null) {
        lostCommits(tp, mine, 0);
        committed.remove(tp);
        ours = false;
      }
    }
    return ours;
  }

  /**
   * The target forgot commits of this writer (PostgreSQL crashed while apply commits
   * asynchronously, {@code apply.synchronous-commit=off}): their rows went with their offsets, so
   * apply goes back to the stored offsets and writes those records again from Kafka.
   */
  private static void lostCommits(TopicPartition tp, long mine, long stored) {
    LOG.warnf(
        "Partition %s: this apply committed up to offset %d, the target holds %d (it lost its last"
            + " commits in a crash): writing the records after %d again from Kafka",
        tp, mine, stored, stored);
  }

  private void writeSet(SqlConnection conn, TableWork work, Duration timeout) {
    TableDef def = work.table().definition();
    if (!work.deletes().isEmpty()) {
      conn.preparedQuery(work.table().deleteSql())
          .execute(work.table().deleteParameters(work.deletes(), work.deleteCounts()))
          .await()
          .atMost(timeout);
    }
    if (!work.upserts().isEmpty()) {
      conn.preparedQuery(work.table().upsertSql())
          .execute(ColumnArrays.of(def.columns(), work.upserts()))
          .await()
          .atMost(timeout);
    }
  }

  private void writeRowByRow(
      SqlConnection conn, TableWork work, List<Reject> found, Duration timeout) {
    TableDef def = work.table().definition();
    for (int i = 0; i < work.deletes().size(); i++) {
      Tuple params =
          work.table()
              .deleteParameters(
                  List.<Object[]>of(work.deletes().get(i)), List.of(work.deleteCounts().get(i)));
      writeOne(
          conn,
          work,
          work.table().deleteSql(),
          params,
          work.deleteRecords().get(i),
          found,
          timeout);
    }
    for (int i = 0; i < work.upserts().size(); i++) {
      Tuple params = ColumnArrays.of(def.columns(), List.<Object[]>of(work.upserts().get(i)));
      writeOne(
          conn,
          work,
          work.table().upsertSql(),
          params,
          work.upsertRecords().get(i),
          found,
          timeout);
    }
  }

  private void writeOne(
      SqlConnection conn,
      TableWork work,
      String sql,
      Tuple params,
      ChangeRecord record,
      List<Reject> found,
      Duration timeout) {
    conn.query("SAVEPOINT tributary_row").execute().await().atMost(timeout);
    try {
      conn.preparedQuery(sql).execute(params).await().atMost(timeout);
      conn.query("RELEASE SAVEPOINT tributary_row").execute().await().atMost(timeout);
    } catch (PgException e) {
      if (!isAboutTheRows(e)) {
        throw e;
      }
      conn.query("ROLLBACK TO SAVEPOINT tributary_row").execute().await().atMost(timeout);
      TableDef def = work.table().definition();
      found.add(
          new Reject(
              work.table().migration(),
              def.source(),
              def.sourceTable(),
              record,
              record.event().source() == null ? null : record.event().source().pos(),
              "PostgreSQL refused the row ("
                  + e.getSqlState()
                  + "): "
                  + e.getErrorMessage()
                  + (e.getDetail() == null ? "" : " — " + e.getDetail())));
    }
  }

  private void storeRejects(SqlConnection conn, List<Reject> rejects, Duration timeout) {
    if (rejects.isEmpty()) {
      return;
    }
    List<Tuple> rows = new ArrayList<>(rejects.size());
    for (Reject r : rejects) {
      ChangeRecord c = r.record();
      rows.add(
          Tuple.from(
              Arrays.asList(
                  r.migration() == null ? "" : r.migration(),
                  r.source() == null ? "" : r.source(),
                  r.table() == null ? "" : r.table(),
                  c.topic(),
                  c.partition(),
                  c.offset(),
                  r.sourcePos(),
                  Rejects.sanitize(c.key()),
                  Rejects.sanitize(c.rawText()),
                  Rejects.sanitize(r.reason()))));
    }
    conn.preparedQuery(ApplyStatements.INSERT_REJECT).executeBatch(rows).await().atMost(timeout);
  }

  private void storeOffsets(
      SqlConnection conn,
      Map<TopicPartition, Long> nextOffsets,
      Map<TopicPartition, Long> positions,
      Duration timeout) {
    List<String> topics = new ArrayList<>();
    List<Integer> partitions = new ArrayList<>();
    List<Long> offsets = new ArrayList<>();
    List<Long> sourcePositions = new ArrayList<>();
    nextOffsets.forEach(
        (tp, next) -> {
          topics.add(tp.topic());
          partitions.add(tp.partition());
          offsets.add(next);
          sourcePositions.add(positions.get(tp));
        });
    conn.preparedQuery(ApplyStatements.STORE_OFFSETS)
        .execute(
            Tuple.of(
                config.groupId(),
                topics.toArray(String[]::new),
                partitions.toArray(Integer[]::new),
                offsets.toArray(Long[]::new),
                sourcePositions.toArray(Long[]::new)))
        .await()
        .atMost(timeout);
  }

  private static void rollbackQuietly(SqlConnection conn, Duration timeout) {
    try {
      conn.query("ROLLBACK").execute().await().atMost(timeout);
    } catch (RuntimeException e) {
      LOG.debugf("Rollback failed (connection lost?): %s", e.getMessage());
    }
  }

  /**
   * Whether writing the same rows again can get past the error: the connection or the server's
   * resources, state or shutdown (classes 08, 53, 57, 58, XX), a conflict with another transaction
   * (class 40, lock not available 55P03, object in use 55006), a transaction in a wrong state (25).
   * Every other answer is about the rows written — a value (22), a constraint (23), a limit such as
   * an index row too large (54000), an exception raised by a CHECK function (P0001), a column or
   * table the target lacks (42703, 42P01) — and fails again for the same rows, however often it is
   * retried: those rows are isolated and rejected with their reason, so that one bad row never
   * stalls apply for every migration.
   */
  static boolean isTransient(String sqlState) {
    if (sqlState == null || sqlState.length() != 5) {
      return true;
    }
    return switch (sqlState.substring(0, 2)) {
      case "08", "25", "40", "53", "57", "58", "XX" -> true;
      case "55" -> sqlState.equals("55P03") || sqlState.equals("55006");
      default -> false;
    };
  }

  private static boolean isAboutTheRows(PgException e) {
    return !isTransient(e.getSqlState());
  }

  /** Loads stored next offsets of the given partitions. */
  public Map<TopicPartition, Long> storedOffsets(List<TopicPartition> partitions) {
    Map<TopicPartition, Long> out = new HashMap<>();
    if (partitions.isEmpty()) {
      return out;
    }
    Tuple params =
        Tuple.of(
            config.groupId(),
            partitions.stream().map(TopicPartition::topic).toArray(String[]::new),
            partitions.stream().map(TopicPartition::partition).toArray(Integer[]::new));
    for (Row row :
        pool.preparedQuery(ApplyStatements.LOAD_OFFSETS)
            .execute(params)
            .await()
            .atMost(config.writeTimeout())) {
      out.put(
          new TopicPartition(row.getString("topic"), row.getInteger("kafka_partition")),
          row.getLong("next_offset"));
    }
    return out;
  }
}
