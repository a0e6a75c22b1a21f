package io.tributary.source.sqlite.capture;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.source.sqlite.connect.SqliteConnections;
import io.tributary.source.sqlite.vtab.Vec0Table;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Records what capture emits of {@code vec0} rows, before it leaves: the hash of each row's slots
 * ({@link Vec0RowHash}: its vectors as emitted, its metadata slots read in the read transaction
 * that read the row), written into the file's {@value Vec0HashStatementBuilder#ROWS_TABLE} in one
 * write transaction before the rows are handed to the engine, with their chunks marked as emitted
 * from ({@link Vec0HashStatementBuilder#chunkEmitted}). {@link Vec0ChangeScan} compares the chunks
 * with these hashes, so a row changed in place after it was emitted — even back to a value it had
 * before — is found.
 *
 * <p>Written before the rows leave, never after: a hash recorded for rows whose records then never
 * reach Kafka is harmless (capture reads them again from a position or key before them, and records
 * what it reads then); a row emitted without its hash would be skipped by every scan.
 */
final class Vec0EmittedRows {
  /** One row read: its scope, where it is and its hash. */
  private record Emitted(long scope, long chunkId, long rowid, long hash) {}

  private final String consumer;
  private final Map<String, Vec0Table> tables;
  private final Map<String, Long> scopes = new HashMap<>();
  private final Map<String, PreparedStatement> slotReads = new HashMap<>();
  private final List<Emitted> read = new ArrayList<>();

  /**
   * @param consumer the capture whose scopes these are
   * @param tables the captured vec0 tables, by name
   */
  Vec0EmittedRows(String consumer, Map<String, Vec0Table> tables) {
    this.consumer = consumer;
    this.tables = Map.copyOf(tables);
  }

  /** Whether any captured table is a vec0 table. */
  boolean any() {
    return !tables.isEmpty();
  }

  /** Whether a captured table is a vec0 table. */
  boolean captures(TableDef table) {
    return tables.containsKey(table.sourceTable());
  }

  /**
   * Keeps the hash of rows about to be emitted; call in the read transaction that read them.
   *
   * @param rows values in catalog order
   */
  void rowsRead(Connection connection, TableDef table, List<Object[]> rows) throws SQLException {
    for (Object[] row : rows) {
      rowRead(connection, table, row);
    }
  }

  /** As {@link #rowsRead}, one row. */
  void rowRead(Connection connection, TableDef table, Object[] row) throws SQLException {
    Vec0Table vec = tables.get(table.sourceTable());
    if (vec == null) {
      return;
    }
    Vec0RowHash hash = new Vec0RowHash();
    for (Vec0Table.Column column : vec.columns(Vec0Table.Kind.VECTOR)) {
      Object value = row[columnIndex(table, column.name())];
      if (!(value instanceof byte[] bytes)) {
        // the view found no slot: nothing to compare the chunk with (the row is not read whole)
        return;
      }
      byte[] slot = column.type() == Vec0Table.Type.INT8 ? int8(bytes) : bytes;
      hash.vector(slot, 0, slot.length);
    }
    PreparedStatement st = slotRead(connection, vec);
    st.setObject(1, row[columnIndex(table, vec.key().name())]);
    try (ResultSet rs = st.executeQuery()) {
      if (!rs.next()) {
        return; // gone between the two reads of one transaction: cannot happen; nothing to keep
      }
      long rowid = rs.getLong(1);
      long chunkId = rs.getLong(2);
      int offset = rs.getInt(3);
      List<Vec0Table.Column> metadata = vec.columns(Vec0Table.Kind.METADATA);
      for (int i = 0; i < metadata.size(); i++) {
        Vec0Table.Type type = metadata.get(i).type();
        // a boolean's byte holds its bit at chunk_offset % 8; the other slots start at 0
        hash.metadata(type, rs.getBytes(4 + i), type == Vec0Table.Type.BOOLEAN ? offset % 8 : 0);
      }
      read.add(new Emitted(scope(connection, vec), chunkId, rowid, hash.value()));
    }
  }

  /**
   * Writes the hashes kept since the last call, in one write transaction, and forgets them; nothing
   * when none were kept. On failure they are forgotten too: the rows are read again.
   */
  void record(Connection write) throws SQLException {
    if (read.isEmpty()) {
      return;
    }
    try {
      SqliteConnections.inWriteTransaction(
          write,
          () -> {
            Set<List<Long>> chunks = new LinkedHashSet<>();
            try (PreparedStatement rows =
                write.prepareStatement(Vec0HashStatementBuilder.rowEmitted())) {
              for (Emitted e : read) {
                rows.setLong(1, e.scope());
                rows.setLong(2, e.chunkId());
                rows.setLong(3, e.rowid());
                rows.setLong(4, e.hash());
                rows.addBatch();
                chunks.add(List.of(e.scope(), e.chunkId()));
              }
              rows.executeBatch();
            }
            try (PreparedStatement emitted =
                write.prepareStatement(Vec0HashStatementBuilder.chunkEmitted())) {
              for (List<Long> chunk : chunks) {
                emitted.setLong(1, chunk.get(0));
                emitted.setLong(2, chunk.get(1));
                emitted.addBatch();
              }
              emitted.executeBatch();
            }
            return null;
          });
    } finally {
      read.clear();
    }
  }

  /** Forgets the hashes kept since the last {@link #record}: those rows are not emitted. */
  void discard() {
    read.clear();
  }

  void close() {
    for (PreparedStatement st : slotReads.values()) {
      try {
        st.close();
      } catch (SQLException e) {
        // closing a statement of a connection that is closed next: nothing to do
      }
    }
    slotReads.clear();
  }

  private PreparedStatement slotRead(Connection connection, Vec0Table vec) throws SQLException {
    PreparedStatement st = slotReads.get(vec.name());
    if (st == null) {
      st = connection.prepareStatement(Vec0HashStatementBuilder.rowSlots(vec));
      slotReads.put(vec.name(), st);
    }
    return st;
  }

  private long scope(Connection connection, Vec0Table vec) throws SQLException {
    Long scope = scopes.get(vec.name());
    if (scope == null) {
      for (Vec0ChangeScan.Scope s : Vec0ChangeScan.scopes(connection, consumer)) {
        scopes.put(s.table().name(), s.id());
      }
      scope = scopes.get(vec.name());
      if (scope == null) {
        throw new IllegalStateException(
            "capture "
                + consumer
                + " has no record of what it emitted of vec0 table "
                + vec.name()
                + " ("
                + Vec0HashStatementBuilder.SCOPES_TABLE
                + "): its change capture is not installed as this version installs it");
      }
    }
    return scope;
  }

  private static int columnIndex(TableDef table, String name) {
    List<ColumnDef> columns = table.columns();
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalStateException(
        "vec0 table " + table.sourceTable() + " has no column " + name + " in its catalog");
  }

  /** An int8 vector as sqlite-vec keeps it, from the float32 values the view widened it to. */
  private static byte[] int8(byte[] float32) {
    ByteBuffer in = ByteBuffer.wrap(float32).order(ByteOrder.LITTLE_ENDIAN);
    byte[] out = new byte[float32.length / 4];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) in.getFloat();
    }
    return out;
  }
}
