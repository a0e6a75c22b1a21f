package io.tributary.cdc.apply;

import io.tributary.common.event.Topics;
import io.tributary.common.fault.FaultPoints;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * Writes one decoded poll ({@link DecodedBatch}) into the target, each transaction all or nothing
 * with the next offsets of its partitions ({@link StoredOffsets}) and the rows it rejects ({@code
 * tributary.rejects}):
 *
 * <ol>
 *   <li>a bulk-loaded table that is still being copied and has changes in the batch gets its key
 *       first ({@link KeyBuilder});
 *   <li>the snapshot rows of the tables still being copied go in by binary {@code COPY} ({@link
 *       SnapshotWriter}) in one pgJDBC transaction;
 *   <li>the rest, by set-based deletes and upserts ({@link ChangeWriter}) in one Vert.x
 *       transaction; or, when a table's reduced work is large ({@code
 *       tributary.apply.stage-threshold}), through staging tables ({@link StagedChangeWriter}) in
 *       one pgJDBC transaction.
 * </ol>
 *
 * A topic's partitions are always in one of the two transactions, so each partition's rows and
 * offsets commit together. Each transaction locks the stored offsets of its partitions and gives up
 * ({@link Outcome#STALE}) when another consumer applied past the batch's start, or when a table's
 * bulk-load state is not what the batch was split by (another instance built the key): the consumer
 * then rewinds to the stored offsets and polls again.
 *
 * <p>When a set statement fails on an error about its rows ({@link TargetErrors#aboutTheRows}), the
 * changes are written again with each row under its own savepoint, and only the failing rows are
 * rejected; a {@code COPY} isolates its bad rows itself.
 */
@ApplicationScoped
public class BatchWriter {
  private static final Logger LOG = Logger.getLogger(BatchWriter.class);

  /** How a batch's write ended. */
  public enum Outcome {
    COMMITTED,
    /**
     * Another consumer applied past this batch's start, the target lost this writer's last commits,
     * or a table's bulk-load state changed: nothing more written, re-seek to the stored offsets.
     */
    STALE
  }

  /**
   * The result of a write.
   *
   * @param outcome how it ended
   * @param rejects the rows rejected in what committed: found while decoding, refused by the target
   *     (rejects of replaced snapshot generations and cut-over migrations left out)
   * @param written the work of each table that committed (older snapshot generations and cut-over
   *     migrations left out; rows the target refused are among its rows and among {@code rejects})
   * @param copied the rows of snapshot chunks each table committed (those refused left out)
   */
  public record Written(
      Outcome outcome,
      List<Reject> rejects,
      List<TableWork> written,
      Map<AppliedTable, Long> copied) {}

  /** What the transactions of one batch committed, so far. */
  private record Committed(
      List<Reject> rejects, List<TableWork> written, Map<AppliedTable, Long> copied) {
    Committed() {
      this(new ArrayList<>(), new ArrayList<>(), new HashMap<>());
    }

    Written as(Outcome outcome) {
      return new Written(outcome, rejects, written, copied);
    }
  }

  /** How one transaction writes a table's rows. */
  @FunctionalInterface
  private interface RowsWriter {
    void write(TargetSession session, TableWork work, List<Reject> found);
  }

  private final Pool pool;
  private final ApplyConfig config;
  private final StoredOffsets offsets;
  private final TableCatalog catalog;
  private final TargetJdbc jdbc;
  private final TableKeys tableKeys;
  private final RejectPublisher rejectPublisher;
  private final ChunkCopier chunks = new ChunkCopier();
  private final StagedChangeWriter staged;

  public BatchWriter(
      Pool pool,
      ApplyConfig config,
      StoredOffsets offsets,
      TableCatalog catalog,
      TargetJdbc jdbc,
      KeyBuilder keys,
      RejectPublisher rejectPublisher) {
    this.pool = pool;
    this.config = config;
    this.offsets = offsets;
    this.catalog = catalog;
    this.jdbc = jdbc;
    this.tableKeys = new TableKeys(keys, catalog, rejectPublisher);
    this.rejectPublisher = rejectPublisher;
    this.staged = new StagedChangeWriter(config.stagedUpsert());
  }

  /** Writes a batch; see the class comment. */
  public Written write(DecodedBatch batch) {
    for (TableWork work : batch.work()) {
      if (catalog.copying(work.table()) && work.hasChanges()) {
        buildKey(work.table());
      }
    }
    Committed done = new Committed();
    DecodedBatch copied = batch.only(this::copied);
    if (!copied.isEmpty() && writeCopied(copied, done) == Outcome.STALE) {
      return done.as(Outcome.STALE);
    }
    DecodedBatch changed = batch.only(topic -> !copied(topic));
    if (!changed.isEmpty() && writeChanged(changed, done) == Outcome.STALE) {
      return done.as(Outcome.STALE);
    }
    return done.as(Outcome.COMMITTED);
  }

  /** Builds a bulk-loaded table's key on the writer's connection ({@link TableKeys#build}). */
  public void buildKey(AppliedTable table) {
    tableKeys.build(table, jdbc);
  }

  /** How the keys of bulk-loaded tables are built, on any connection. */
  TableKeys tableKeys() {
    return tableKeys;
  }

  /** Whether a topic's records go in by {@code COPY}: a snapshot topic's, a copying table's. */
  private boolean copied(String topic) {
    if (Topics.isSnapshotTopic(topic)) {
      return true;
    }
    AppliedTable table = catalog.known(topic);
    return table != null && catalog.copying(table);
  }

  private Outcome writeCopied(DecodedBatch part, Committed done) {
    try {
      JdbcSession session = jdbc.session();
      return transaction(
          session,
          part,
          true,
          (s, work, found) -> SnapshotWriter.write(session, work, found),
          done);
    } catch (RuntimeException e) {
      jdbc.discard(); // whatever state the failure left the connection in
      throw e;
    }
  }

  /**
   * Writes the changes: staged ({@link StagedChangeWriter}) when a table's reduced work reaches
   * {@code stage-threshold} and every table can be staged, else by set statements on the Vert.x
   * client; when either fails on an error about its rows, row by row on the Vert.x client.
   */
  private Outcome writeChanged(DecodedBatch part, Committed done) {
    if (stages(part)) {
      Outcome outcome = writeStaged(part, done);
      return outcome != null ? outcome : writeSets(part, done, true);
    }
    return writeSets(part, done, false);
  }

  private boolean stages(DecodedBatch part) {
    boolean large = false;
    for (TableWork work : part.work()) {
      if (!StagedChangeWriter.stageable(work)) {
        return false;
      }
      large |= Math.max(work.upserts().size(), work.deletes().size()) >= config.stageThreshold();
    }
    return large;
  }

  /** The staged transaction; null when it failed on an error about its rows. */
  private Outcome writeStaged(DecodedBatch part, Committed done) {
    try {
      JdbcSession session = jdbc.session();
      staged.prepare(session, part.work());
      return transaction(
          session, part, false, (s, work, found) -> staged.write(session, work), done);
    } catch (RuntimeException e) {
      if (!TargetErrors.aboutTheRows(e)) {
        jdbc.discard(); // whatever state the failure left the connection in
        throw e;
      }
      LOG.infof(
          "A staged write failed with %s (%s); writing the batch row by row to isolate the bad rows",
          TargetErrors.sqlState(e), e.getMessage());
      return null;
    }
  }

  private Outcome writeSets(DecodedBatch part, Committed done, boolean isolate) {
    Duration timeout = config.writeTimeout();
    SqlConnection conn = pool.getConnection().await().atMost(timeout);
    VertxSession session = new VertxSession(conn, timeout);
    try {
      try {
        return transaction(
            session,
            part,
            false,
            (s, work, found) -> ChangeWriter.write(session, work, found, isolate),
            done);
      } catch (RuntimeException e) {
        if (isolate || !TargetErrors.aboutTheRows(e)) {
          throw e;
        }
        LOG.infof(
            "A set write failed with %s (%s); writing the batch row by row to isolate the bad rows",
            TargetErrors.sqlState(e), e.getMessage());
        return transaction(
            session,
            part,
            false,
            (s, work, found) -> ChangeWriter.write(session, work, found, true),
            done);
      }
    } finally {
      conn.close().await().atMost(timeout);
    }
  }

  /**
   * One transaction: offsets locked and checked, cut-over migrations left out, snapshot generations
   * locked and resets applied, bulk-load state checked against {@code copying}, rows written,
   * rejects and offsets stored, commit.
   */
  private Outcome transaction(
      TargetSession session,
      DecodedBatch part,
      boolean copying,
      RowsWriter writer,
      Committed done) {
    session.execute(ApplyStatements.begin(config.synchronousCommit()));
    boolean ended = false;
    try {
      if (!offsets.lockStillOurs(session, part.first())) {
        return Outcome.STALE;
      }
      Set<String> cutOver = cutOver(session, part);
      Map<AppliedTable, Long> live = new HashMap<>(part.resets());
      part.snapshot().newestResets().forEach((t, g) -> live.merge(t, g, Math::max));
      live.keySet().removeIf(t -> cutOver.contains(t.migration()));
      List<TableWork> batch =
          part.work().stream().filter(t -> !cutOver.contains(t.table().migration())).toList();
      SnapshotPart snapshot =
          part.snapshot().only(topic -> true, t -> !cutOver.contains(t.migration()));
      Map<String, Long> generations =
          generations(session, batch, snapshot.tables(), live, part.rejects());
      if (!loadStateAsSplit(session, batch, copying) || !loadedAsGated(session, batch)) {
        return Outcome.STALE;
      }
      List<Reject> found = new ArrayList<>();
      for (Reject reject : part.rejects()) {
        if (reject.record().generation() >= generations.getOrDefault(reject.record().topic(), 0L)
            && !cutOver.contains(reject.migration())) {
          found.add(reject);
        }
      }
      Map<AppliedTable, Long> copiedRows =
          snapshot.isEmpty()
              ? Map.of()
              : chunks.write((JdbcSession) session, snapshot, generations, found);
      List<TableWork> wrote = new ArrayList<>(batch.size());
      ApplyRole role = new ApplyRole(session);
      for (TableWork table : batch) {
        TableWork current =
            table.from(generations.getOrDefault(table.table().definition().topic(), 0L));
        role.actFor(current.table().definition());
        writer.write(session, current, found);
        wrote.add(current);
      }
      role.resume();
      Rejects.store(session, found);
      offsets.store(session, part.next(), part.positions(), part.applied());
      FaultPoints.reach("apply.before-commit");
      session.execute("COMMIT");
      ended = true;
      offsets.committed(part.next());
      FaultPoints.reach("apply.after-commit");
      done.rejects().addAll(found);
      done.written().addAll(wrote);
      copiedRows.forEach((t, n) -> done.copied().merge(t, n, Long::sum));
      return Outcome.COMMITTED;
    } finally {
      if (!ended) {
        rollbackQuietly(session);
      }
    }
  }

  /**
   * Whether no table of the work waits for its chunked snapshot to be loaded ({@link
   * io.tributary.common.control.TableLoad}), read under the lock on its generation from the control
   * schema (the catalog may not know yet that the source sends chunks): its changes wait until then
   * (the consumer pauses them, {@link ChangeGate}); when one does, the catalog learns it and the
   * batch is polled again. Without this a change streamed right after a quick snapshot could be
   * written before the chunk of its row, which then put the older value back.
   */
  private boolean loadedAsGated(TargetSession session, List<TableWork> work) {
    Set<String> topics = new TreeSet<>();
    work.forEach(w -> topics.add(w.table().definition().topic()));
    if (topics.isEmpty()) {
      return true;
    }
    boolean all = true;
    for (Object[] row :
        session.query(ApplyStatements.WAITING_TOPICS, (Object) topics.toArray(String[]::new))) {
      String topic = (String) row[0];
      AppliedTable table = catalog.known(topic);
      if (table != null && table.chunked()) {
        LOG.infof("Topic %s: its table's snapshot is not loaded yet; its changes wait", topic);
      } else {
        LOG.debugf(
            "Topic %s: its source sends chunks (not in the catalog yet); its changes wait", topic);
      }
      catalog.loaded(topic, false);
      all = false;
    }
    return all;
  }

  /**
   * Whether every table of the work is still in the bulk-load state the batch was split by, read
   * under the lock on its generation (a key build holds it exclusively). When not, the catalog
   * learns the state and the batch is polled again.
   */
  private boolean loadStateAsSplit(TargetSession session, List<TableWork> work, boolean copying) {
    if (work.isEmpty()) {
      return true;
    }
    Set<String> topics = new TreeSet<>();
    work.forEach(w -> topics.add(w.table().definition().topic()));
    Set<String> stillCopying = new HashSet<>();
    for (Object[] row :
        session.query(ApplyStatements.COPYING_TOPICS, (Object) topics.toArray(String[]::new))) {
      stillCopying.add((String) row[0]);
    }
    boolean asSplit = true;
    for (String topic : topics) {
      boolean actual = stillCopying.contains(topic);
      if (actual != copying) {
        LOG.infof(
            "Topic %s: the key of its bulk-loaded table is %s; writing its batch again",
            topic, actual ? "not built yet" : "built (by another apply instance)");
        catalog.keyBuilt(topic, !actual);
        asSplit = false;
      }
    }
    return asSplit;
  }

  /**
   * The batch's migrations that were cut over or abandoned, locked {@code FOR SHARE} until the
   * batch commits: their target tables belong to the applications now (or are being dropped), so
   * nothing of theirs is written (a capture restarted around the end of a cutover must never empty
   * or overwrite them); their offsets are stored all the same.
   */
  private static Set<String> cutOver(TargetSession session, DecodedBatch part) {
    Set<String> migrations = new HashSet<>();
    part.work().forEach(t -> migrations.add(t.table().migration()));
    part.resets().keySet().forEach(t -> migrations.add(t.migration()));
    Set<String> ended = new HashSet<>();
    if (migrations.isEmpty()) {
      return ended;
    }
    for (Object[] row :
        session.query(
            ApplyStatements.CLOSED_MIGRATIONS,
            migrations.toArray(String[]::new),
            ApplyStatements.closedStates())) {
      ended.add((String) row[0]);
    }
    if (!ended.isEmpty()) {
      LOG.warnf(
          "Records of migrations %s arrived after their cutover or abandon: not written (their"
              + " target tables belong to the applications now, or are dropped)",
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
      TargetSession session,
      List<TableWork> work,
      List<AppliedTable> chunked,
      Map<AppliedTable, Long> resets,
      List<Reject> rejects) {
    Set<String> topics = new HashSet<>();
    work.forEach(w -> topics.add(w.table().definition().topic()));
    chunked.forEach(t -> topics.add(t.definition().topic()));
    rejects.forEach(r -> topics.add(r.record().topic()));
    Map<String, AppliedTable> resetTables = new HashMap<>();
    resets.keySet().forEach(t -> resetTables.put(t.definition().topic(), t));
    topics.addAll(resetTables.keySet());
    Map<String, Long> generations = SnapshotGenerations.lock(session, topics, resetTables.keySet());
    for (Map.Entry<AppliedTable, Long> reset : resets.entrySet()) {
      String topic = reset.getKey().definition().topic();
      if (reset.getValue() > generations.getOrDefault(topic, 0L)
          && SnapshotGenerations.recorded(session, reset.getKey(), reset.getValue())) {
        SnapshotGenerations.reset(session, reset.getKey(), reset.getValue());
        generations.put(topic, reset.getValue());
      }
    }
    return generations;
  }

  private static void rollbackQuietly(TargetSession session) {
    try {
      session.execute("ROLLBACK");
    } catch (RuntimeException e) {
      LOG.debugf("Rollback failed (connection lost?): %s", e.getMessage());
    }
  }
}
