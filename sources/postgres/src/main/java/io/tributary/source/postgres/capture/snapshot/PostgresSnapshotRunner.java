package io.tributary.source.postgres.capture.snapshot;

import io.tributary.common.catalog.TableDef;
import io.tributary.source.postgres.capture.snapshot.SnapshotJob.Resumed;
import io.tributary.source.postgres.catalog.PostgresColumnTypes;
import io.tributary.source.spi.capture.ChunkWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the snapshot of a PostgreSQL source's tables in parallel: {@link #prepare} creates the
 * capture's slot with its snapshot exported and has the readers import it ({@link #prepareResumed}
 * takes a fresh shared snapshot instead, for a read resumed in the same generation); {@link #run}
 * plans each table's block ranges inside that snapshot and has the readers {@code COPY} them, one
 * range at a time each, repacked into chunks for the sink. {@link #stop} ends a run between rows.
 * Each step is a class of its own: {@link ExportedSlot}, {@link SnapshotReaders}, {@link
 * CtidRangePlanner}, {@link PassthroughPlan}, {@link RangeSchedule}, {@link CopyOutReader}, {@link
 * ChunkRepacker}, {@link TableProgress}.
 */
public final class PostgresSnapshotRunner implements SnapshotRunner {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresSnapshotRunner.class);

  /** The first server version with {@code pg_partition_tree}. */
  private static final int PARTITION_TREE = 120_000;

  private final SnapshotConnections connections;
  private final SnapshotSettings settings;
  private final ToLongFunction<String> targetTypeOid;
  private final SnapshotSink sink;
  private final AtomicBoolean stopped = new AtomicBoolean();
  private SnapshotReaders readers;

  /**
   * @param connections opens connections to the source
   * @param settings readers, range and chunk sizes
   * @param targetTypeOid the target database's oid of a type by its spelling ({@code
   *     "app"."mood"}), for arrays of user-defined element types
   * @param sink takes the chunks and the ranges and tables done
   */
  public PostgresSnapshotRunner(
      SnapshotConnections connections,
      SnapshotSettings settings,
      ToLongFunction<String> targetTypeOid,
      SnapshotSink sink) {
    this.connections = connections;
    this.settings = settings;
    this.targetTypeOid = targetTypeOid;
    this.sink = sink;
  }

  /**
   * Creates the capture's slot with its snapshot exported and opens the readers on that snapshot;
   * the slot's connection is closed once they have imported it.
   *
   * @return the slot's consistent point: the snapshot holds every transaction committed before it,
   *     the slot decodes every one committing after it
   * @throws SQLException when the slot cannot be created or a reader cannot import the snapshot (a
   *     slot made stays: the caller drops it as it drops a leftover one)
   */
  @Override
  public String prepare(String slotName) throws SQLException {
    try (ExportedSlot slot = ExportedSlot.create(connections.replication(), slotName)) {
      readers =
          SnapshotReaders.importing(
              connections, settings.readers(), slot.snapshotName(), slot.consistentPoint());
      LOG.info(
          "Created slot {} at {} with its snapshot exported; {} readers imported it",
          slotName,
          slot.consistentPoint(),
          settings.readers());
      return slot.consistentPoint();
    }
  }

  /**
   * Opens the readers on a snapshot taken now (a read resumed in the same generation: the slot's
   * own snapshot is gone).
   *
   * @return where the snapshot was taken (the WAL's position then)
   */
  @Override
  public String prepareResumed() throws SQLException {
    readers = SnapshotReaders.exporting(connections, settings.readers());
    return readers.position();
  }

  /**
   * Reads the job's tables, on the prepared snapshot, until every range is read or {@link #stop} is
   * called.
   *
   * @return true when every table is done, false when stopped first
   * @throws SQLException when a read fails (the others stop)
   * @throws InterruptedException when the calling thread is interrupted (the readers stop)
   */
  @Override
  public boolean run(SnapshotJob job) throws SQLException, InterruptedException {
    if (readers == null) {
      throw new IllegalStateException("the snapshot was not prepared");
    }
    List<Connection> connections = readers.connections();
    List<TableProgress> finished = new ArrayList<>();
    RangeSchedule schedule = schedule(job, connections.get(0), finished);
    finished.forEach(TableProgress::doneIfNothingLeft);
    AtomicReference<Exception> failure = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < connections.size(); i++) {
      RangeReader reader =
          new RangeReader(connections.get(i), readers.position(), job, settings, stopped::get);
      Thread thread =
          new Thread(() -> readAll(reader, schedule, failure), "tributary-snapshot-reader-" + i);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
    try {
      for (Thread thread : threads) {
        thread.join();
      }
    } catch (InterruptedException e) {
      stopped.set(true);
      throw e;
    }
    Exception failed = failure.get();
    if (failed instanceof SQLException e) {
      throw e;
    }
    if (failed instanceof RuntimeException e) {
      throw e;
    }
    return !stopped.get();
  }

  /** Stops a run: each reader cancels its {@code COPY} at its next row. */
  @Override
  public void stop() {
    stopped.set(true);
  }

  /** Ends the readers' transactions (the source's xmin is released). */
  @Override
  public void close() {
    if (readers != null) {
      readers.close();
    }
  }

  private void readAll(
      RangeReader reader, RangeSchedule schedule, AtomicReference<Exception> failure) {
    try {
      RangeSchedule.Task task;
      while (!stopped.get() && (task = schedule.next()) != null) {
        if (!reader.read(task)) {
          return;
        }
        task.progress().rangeDone(task.range());
      }
    } catch (SQLException | RuntimeException e) {
      if (failure.compareAndSet(null, e)) {
        LOG.warn("A snapshot reader failed; the others stop: {}", e.getMessage());
      }
      stopped.set(true);
    }
  }

  /**
   * Plans every table inside the snapshot: its columns' current types, its size and its ranges
   * left. Tables with none left go to {@code finished}.
   */
  private RangeSchedule schedule(
      SnapshotJob job, Connection connection, List<TableProgress> finished) throws SQLException {
    int version = serverVersion(connection);
    CtidRangePlanner planner = new CtidRangePlanner(settings.rangeBlocks(), version);
    List<RangeSchedule.TableRanges> tables = new ArrayList<>();
    for (TableDef table : job.tables()) {
      PassthroughPlan plan =
          PassthroughPlan.of(
              table,
              PostgresColumnTypes.read(connection, table.sourceSchema(), table.sourceTable()),
              job.withKeys().test(table),
              targetTypeOid);
      long blocks;
      boolean partitioned;
      try (Statement st = connection.createStatement();
          ResultSet rs =
              st.executeQuery(
                  version >= PARTITION_TREE
                      ? PostgresRangeQueryBuilder.blocks(table)
                      : PostgresRangeQueryBuilder.blocksBefore12(table))) {
        rs.next();
        blocks = rs.getLong(1);
        partitioned = rs.getBoolean(2);
      }
      Resumed resumed = job.resumed(table);
      List<CtidRange> ranges = planner.plan(blocks, resumed.done());
      TableProgress progress = new TableProgress(table, sink, ranges.size(), resumed.totals());
      if (ranges.isEmpty()) {
        finished.add(progress);
      }
      tables.add(
          new RangeSchedule.TableRanges(
              table.identityColumns().isEmpty() || table.wholeRow(),
              blocks,
              ranges.stream()
                  .map(r -> new RangeSchedule.Task(progress, plan, r, partitioned))
                  .toList()));
    }
    return new RangeSchedule(tables);
  }

  private static int serverVersion(Connection connection) throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery(PostgresRangeQueryBuilder.SERVER_VERSION)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /** One reader's connection, reading one range at a time into chunks. */
  private record RangeReader(
      Connection connection,
      String position,
      SnapshotJob job,
      SnapshotSettings settings,
      BooleanSupplier stop) {
    /** Reads a range; false when stopped first. */
    boolean read(RangeSchedule.Task task) throws SQLException {
      TableDef table = task.progress().table();
      ChunkWriter writer =
          new ChunkWriter(
              table,
              job.generation(),
              0,
              job.withKeys().test(table),
              settings.targetBytes(),
              settings.maxRowBytes());
      writer.read(position, task.range().label());
      ChunkRepacker repacker = new ChunkRepacker(task.plan(), writer, task.progress()::publish);
      boolean complete =
          new CopyOutReader(connection)
              .read(
                  PostgresRangeQueryBuilder.copy(task.plan(), task.range(), task.partitioned()),
                  repacker,
                  stop);
      if (complete) {
        repacker.finish();
      }
      return complete;
    }
  }
}
