package io.tributary.cdc.apply;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.copy.CopyBinaryDecoder;
import io.tributary.common.copy.CopyRows;
import io.tributary.common.event.SnapshotChunk;
import io.tributary.common.sql.ChunkStatementBuilder;
import io.tributary.common.value.EnvelopeJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Writes the snapshot chunks of a poll ({@link SnapshotPart}) in the batch's transaction: each
 * chunk's bytes straight into {@code COPY} — into the table itself while it is loaded without its
 * key (each row's partition and offset from the column defaults, set per chunk), or through a
 * staging table and one upsert into a keyed table (a snapshot read again after the key was built) —
 * and the rows capture could not cast as rejects. A chunk of an older generation than its table's
 * is skipped; one encoded for other columns than its table's fails the batch, loudly.
 *
 * <p>When PostgreSQL refuses a row (an error about the rows, {@link TargetErrors#aboutTheRows}),
 * the {@code COPY} is rolled back to its savepoint and written again without that row, which is
 * rejected with its reason: the row the server named ({@code COPY t, line n}) or, when it named
 * none, the half of the rows that fails, halved down to single rows. A bad row never fails its
 * chunk, and never takes good rows with it.
 */
final class ChunkCopier {
  private static final Logger LOG = Logger.getLogger(ChunkCopier.class);

  /** Rows the server names one at a time before the rest of a chunk is bisected instead. */
  private static final int NAMED_ROW_RETRIES = 16;

  /** The tables made for a bulk load whose load columns were brought to the chunks' shape here. */
  private final Set<String> prepared = ConcurrentHashMap.newKeySet();

  /** How one chunk goes in. */
  private enum Mode {
    /** Into the table: loaded without its key, or identified by its whole rows. */
    DIRECT,
    /** Through a staging table, upserted by key. */
    STAGED
  }

  /**
   * Writes the chunks, rows refused added to {@code found}, and records the tables whose end marker
   * the part holds applied (their keys are built next, {@link LoadedSnapshotKeys}).
   *
   * @param generations the generation of each table topic (locked by the transaction)
   * @return the rows each table's chunks wrote (those refused left out)
   */
  Map<AppliedTable, Long> write(
      JdbcSession session, SnapshotPart part, Map<String, Long> generations, List<Reject> found) {
    Set<String> topics = new TreeSet<>();
    part.tables().forEach(t -> topics.add(t.definition().topic()));
    Set<String> bare = new HashSet<>(); // still loaded without their key, read under the lock
    for (Object[] row :
        session.query(ApplyStatements.COPYING_TOPICS, (Object) topics.toArray(String[]::new))) {
      bare.add((String) row[0]);
    }
    Map<AppliedTable, Long> copied = copy(session, part, generations, bare, found);
    for (SnapshotPart.End end : part.ends()) {
      String topic = end.table().definition().topic();
      if (end.end().generation() >= generations.getOrDefault(topic, 0L)) {
        session.update(ApplyStatements.SNAPSHOT_APPLIED, topic, end.end().rows());
        LOG.infof(
            "Snapshot of %s applied: %d rows in %d chunks (%d rejected by capture)",
            end.table().definition().qualifiedSourceName(),
            end.end().rows(),
            end.end().chunks(),
            end.end().rejects());
      }
    }
    return copied;
  }

  private Map<AppliedTable, Long> copy(
      JdbcSession session,
      SnapshotPart part,
      Map<String, Long> generations,
      Set<String> bare,
      List<Reject> found) {
    Map<AppliedTable, Long> copied = new HashMap<>();
    ApplyRole role = new ApplyRole(session);
    for (SnapshotPart.Chunk c : part.chunks()) {
      TableDef def = c.table().definition();
      String topic = def.topic();
      SnapshotChunk chunk = c.chunk();
      if (chunk.generation() < generations.getOrDefault(topic, 0L)) {
        LOG.debugf("Skipped %s: its table is at a newer snapshot generation", chunk);
        continue;
      }
      boolean withKeys = withKeys(def, chunk);
      for (SnapshotChunk.Reject r : chunk.rejects()) {
        found.add(reject(c, r.row(), r.key(), r.data(), r.reason()));
      }
      if (chunk.rows() == 0) {
        continue;
      }
      Mode mode = mode(c.table(), withKeys, bare.contains(topic));
      if (mode == Mode.DIRECT && withKeys && prepared.add(topic)) {
        role.resume();
        session.execute(ChunkStatementBuilder.prepareLoadColumns(def));
      }
      role.actFor(def);
      session.query(
          ChunkStatementBuilder.place(),
          Integer.toString(c.partition()),
          Long.toString(c.offset()));
      if (mode == Mode.STAGED) {
        session.execute(ChunkStatementBuilder.createStage(def, withKeys));
      }
      int before = found.size();
      new Isolation(session, c, mode, withKeys, found).write();
      copied.merge(c.table(), (long) chunk.rows() - (found.size() - before), Long::sum);
    }
    role.resume();
    return copied;
  }

  /**
   * Whether the chunk's rows carry their key and place, by its columns' fingerprint.
   *
   * @throws IllegalStateException when the chunk was encoded for other columns than its table's
   */
  private static boolean withKeys(TableDef def, SnapshotChunk chunk) {
    if (chunk.columns().equals(SnapshotChunk.fingerprint(def, true))) {
      return true;
    }
    if (chunk.columns().equals(SnapshotChunk.fingerprint(def, false))) {
      return false;
    }
    throw new IllegalStateException(
        "Chunk "
            + chunk.number()
            + " of "
            + def.qualifiedSourceName()
            + " was encoded for other columns ("
            + chunk.columns()
            + ") than the table's catalog entry ("
            + SnapshotChunk.fingerprint(def, true)
            + "): was the plan changed under a running snapshot? Resync the table");
  }

  private static Mode mode(AppliedTable table, boolean withKeys, boolean bare) {
    TableDef def = table.definition();
    boolean keyless = def.wholeRow() || def.keyColumns().isEmpty();
    if (keyless && !withKeys) {
      return Mode.DIRECT;
    }
    if (bare && withKeys && table.provenance()) {
      return Mode.DIRECT;
    }
    if (!keyless && !bare) {
      return Mode.STAGED;
    }
    throw new IllegalStateException(
        "A snapshot chunk of "
            + def.qualifiedSourceName()
            + (withKeys ? " carries" : " does not carry")
            + " its rows' keys, which its target table "
            + def.targetSchema()
            + "."
            + def.targetTable()
            + (bare ? " (loaded without its key)" : "")
            + " cannot take");
  }

  /** A reject of row {@code row} of a chunk, on its table's topic at the chunk's place. */
  private static Reject reject(
      SnapshotPart.Chunk c, int row, String key, String data, String reason) {
    ChangeRecord record =
        new ChangeRecord(
            c.table().definition().topic(),
            c.partition(),
            c.offset(),
            key,
            data == null ? null : data.getBytes(StandardCharsets.UTF_8),
            null,
            c.chunk().generation());
    return Reject.inChunk(c.table(), c.topic(), record, row, reason);
  }

  /** The writes of one chunk, isolating the rows the target refuses. */
  private static final class Isolation {
    private final JdbcSession session;
    private final SnapshotPart.Chunk chunk;
    private final Mode mode;
    private final boolean withKeys;
    private final List<Reject> found;
    private final TableDef def;
    private CopyRows rows;
    private int named;

    Isolation(
        JdbcSession session,
        SnapshotPart.Chunk chunk,
        Mode mode,
        boolean withKeys,
        List<Reject> found) {
      this.session = session;
      this.chunk = chunk;
      this.mode = mode;
      this.withKeys = withKeys;
      this.found = found;
      this.def = chunk.table().definition();
    }

    void write() {
      RuntimeException refused = attempt(chunk.chunk().copy());
      if (refused != null) {
        rows = CopyRows.index(chunk.chunk().copy());
        isolate(0, rows.count(), refused);
      }
    }

    /** Writes rows {@code from} to {@code to} (exclusive) of the chunk, isolating refused ones. */
    private void range(int from, int to) {
      if (from >= to) {
        return;
      }
      RuntimeException refused = attempt(rows.subStream(from, to));
      if (refused != null) {
        isolate(from, to, refused);
      }
    }

    private void isolate(int from, int to, RuntimeException refused) {
      if (to - from == 1) {
        found.add(rejectRow(from, refused));
        return;
      }
      long line = mode == Mode.DIRECT ? TargetErrors.copyLine(refused) : 0;
      if (line >= 1 && line <= to - from && named < NAMED_ROW_RETRIES) {
        named++;
        int bad = from + (int) line - 1;
        found.add(rejectRow(bad, refused));
        range(from, bad);
        range(bad + 1, to);
        return;
      }
      LOG.debugf(
          "A COPY of %d rows of %s failed (%s); halving it to find the rows",
          to - from, def.targetTable(), refused.getMessage());
      int half = from + (to - from) / 2;
      range(from, half);
      range(half, to);
    }

    /** Writes a stream under a savepoint; the error when the target refused one of its rows. */
    private RuntimeException attempt(byte[] stream) {
      session.execute("SAVEPOINT tributary_chunk");
      try {
        copy(stream);
        if (mode == Mode.STAGED) {
          session.update(ChunkStatementBuilder.upsertFromStage(def, withKeys));
          session.execute(ChunkStatementBuilder.clearStage(def));
        }
        session.execute("RELEASE SAVEPOINT tributary_chunk");
        return null;
      } catch (JdbcSession.JdbcException e) {
        if (!TargetErrors.aboutTheRows(e)) {
          throw e;
        }
        session.execute("ROLLBACK TO SAVEPOINT tributary_chunk");
        session.execute("RELEASE SAVEPOINT tributary_chunk");
        return e;
      }
    }

    private void copy(byte[] stream) {
      session.copyIn(
          mode == Mode.STAGED
              ? ChunkStatementBuilder.copyStage(def, withKeys)
              : ChunkStatementBuilder.copy(def, withKeys),
          stream,
          stream.length);
    }

    /** The reject of row {@code row}: its key, its values as an envelope, the target's reason. */
    private Reject rejectRow(int row, RuntimeException refused) {
      List<ColumnDef> columns = def.columns();
      String key = withKeys ? text(rows.field(row, columns.size())) : null;
      int place = withKeys ? placeOf(row, columns.size()) : row;
      ObjectNode envelope = EnvelopeJson.MAPPER.createObjectNode().put("op", "r");
      if (key != null) {
        try {
          envelope.set("key", EnvelopeJson.MAPPER.readTree(key));
        } catch (IOException | RuntimeException e) {
          envelope.put("key", key);
        }
      }
      ObjectNode after = envelope.putObject("after");
      for (int i = 0; i < columns.size(); i++) {
        ColumnDef column = columns.get(i);
        try {
          after.set(
              column.name(),
              EnvelopeJson.node(CopyBinaryDecoder.decode(rows.field(row, i), column), column));
        } catch (RuntimeException e) {
          after.put(column.name(), "(unreadable: " + e.getMessage() + ")");
        }
      }
      return reject(chunk, place, key, envelope.toString(), TargetErrors.refusal(refused));
    }

    private int placeOf(int row, int columns) {
      byte[] field = rows.field(row, columns + 1);
      return field == null ? row : CopyRows.intAt(field, 0);
    }

    private static String text(byte[] field) {
      return field == null ? null : new String(field, StandardCharsets.UTF_8);
    }
  }
}
