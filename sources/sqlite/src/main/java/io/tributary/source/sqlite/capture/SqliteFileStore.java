package io.tributary.source.sqlite.capture;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.source.sqlite.connect.SqliteConnections;
import io.tributary.source.sqlite.vtab.SqliteVirtualTables;
import io.tributary.source.sqlite.vtab.Vec0Table;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A SQLite source's own tables: the triggers of each captured table ({@link
 * SqliteCaptureInstaller#tableTriggers}), snapshot chunks in key order ({@link
 * SqliteSnapshotReader}) and current rows looked up by key. Of a sqlite-vec {@code vec0} table it
 * also records what it emits ({@link Vec0EmittedRows}) and finds the rows changed in place since
 * ({@link Vec0ChangeScan}, on a read-only connection of its own).
 */
final class SqliteFileStore implements CapturedStore {
  private static final Logger LOG = LoggerFactory.getLogger(SqliteFileStore.class);

  private final Path file;
  private final Map<String, TableDef> tables = new HashMap<>();
  private final Map<String, PreparedStatement> lookups = new HashMap<>();
  private final long snapshotMaxReadMs;
  private final String consumer;
  private final Duration lockWait;
  private SqliteSnapshotReader snapshotReader;
  private Vec0EmittedRows vec0;
  private Connection scanConnection;
  private PreparedStatement dataVersion;
  private String lastScan;

  /**
   * @param consumer the capture reading the file (its record of vec0 rows emitted)
   * @param lockWait how long the scans of vec0 tables wait on the application's lock
   */
  SqliteFileStore(
      Path file,
      List<TableDef> tables,
      long snapshotMaxReadMs,
      String consumer,
      Duration lockWait) {
    this.file = file;
    tables.forEach(t -> this.tables.put(t.sourceTable(), t));
    this.snapshotMaxReadMs = snapshotMaxReadMs;
    this.consumer = consumer;
    this.lockWait = lockWait;
  }

  @Override
  public Path databaseFile() {
    return file;
  }

  @Override
  public String connectorName() {
    return "sqlite";
  }

  @Override
  public List<ChangeLogStatementBuilder.Trigger> triggers(
      Connection connection, List<TableDef> captured) throws SQLException {
    return SqliteCaptureInstaller.tableTriggers(connection, captured);
  }

  @Override
  public SqliteSnapshotReader.Chunk chunk(
      Connection read, TableDef table, List<Object> afterKey, int limit) throws SQLException {
    if (snapshotReader == null) {
      snapshotReader = new SqliteSnapshotReader(read, snapshotMaxReadMs);
    }
    if (vec0(read).captures(table)) {
      // the rows and the hash of what is emitted of them, in one read transaction
      return SqliteConnections.inReadTransaction(
          read,
          () -> {
            SqliteSnapshotReader.Chunk chunk = snapshotReader.chunk(table, afterKey, limit);
            vec0.rowsRead(read, table, chunk.rows());
            return chunk;
          });
    }
    return table.wholeRow()
        ? snapshotReader.chunkAtPosition(table, afterKey, limit)
        : snapshotReader.chunk(table, afterKey, limit);
  }

  @Override
  public TableDef table(String logged) {
    return tables.get(logged);
  }

  /**
   * The row with exactly these key values, or null. A row found through a collation (a NOCASE key
   * finds 'ABC' for 'abc') or through type conversion is not the logged row: that one is gone.
   */
  @Override
  public Object[] currentRow(Connection read, TableDef table, List<Object> key)
      throws SQLException {
    PreparedStatement st = lookups.get(table.sourceTable());
    if (st == null) {
      st = read.prepareStatement(SqliteRowLookupQueryBuilder.byKey(table));
      lookups.put(table.sourceTable(), st);
    }
    for (int i = 0; i < key.size(); i++) {
      st.setObject(i + 1, key.get(i));
    }
    List<ColumnDef> columns = table.columns();
    try (ResultSet rs = st.executeQuery()) {
      if (!rs.next()) {
        return null;
      }
      Object[] row = SqliteValues.row(rs, table, columns.size());
      List<ColumnDef> keyColumns = table.keyColumns();
      for (int i = 0; i < keyColumns.size(); i++) {
        if (!TypedKeyCodec.sameValue(row[columns.indexOf(keyColumns.get(i))], key.get(i))) {
          return null;
        }
      }
      vec0(read).rowRead(read, table, row);
      return row;
    }
  }

  @Override
  public void recordEmitted(Connection write) throws SQLException {
    if (vec0 != null) {
      vec0.record(write);
    }
  }

  @Override
  public void discardRead() {
    if (vec0 != null) {
      vec0.discard();
    }
  }

  /**
   * Scans the vec0 tables among {@code completed} ({@link Vec0ChangeScan#scan}); skipped when
   * nothing was committed to the file since the last scan of the same tables ({@code PRAGMA
   * data_version}: whatever changed is in the chunks that scan read).
   */
  @Override
  public Vec0ChangeScan.Result logChangesInPlace(Connection write, Set<String> completed)
      throws SQLException {
    if (!vec0(write).any()) {
      return Vec0ChangeScan.Result.NONE;
    }
    Connection read = scanConnection();
    List<Vec0ChangeScan.Scope> scopes =
        Vec0ChangeScan.scopes(read, consumer).stream()
            .filter(s -> completed.contains(s.table().name()))
            .toList();
    if (scopes.isEmpty()) {
      return Vec0ChangeScan.Result.NONE;
    }
    String scan = dataVersion() + " " + scopes.stream().map(s -> s.id()).toList();
    if (scan.equals(lastScan)) {
      return Vec0ChangeScan.Result.NONE;
    }
    Vec0ChangeScan.Result result = Vec0ChangeScan.scan(read, write, scopes, snapshotMaxReadMs);
    lastScan = scan;
    return result;
  }

  /** The captured vec0 tables (read from the file's declarations on first use). */
  private Vec0EmittedRows vec0(Connection connection) throws SQLException {
    if (vec0 == null) {
      Map<String, Vec0Table> captured = new HashMap<>();
      for (Vec0Table table : SqliteVirtualTables.read(connection).vec0()) {
        if (tables.containsKey(table.name())) {
          captured.put(table.name(), table);
        }
      }
      vec0 = new Vec0EmittedRows(consumer, captured);
    }
    return vec0;
  }

  private Connection scanConnection() throws SQLException {
    if (scanConnection == null) {
      scanConnection = SqliteConnections.openReadOnly(file, lockWait);
      dataVersion = scanConnection.prepareStatement("PRAGMA data_version");
    }
    return scanConnection;
  }

  private long dataVersion() throws SQLException {
    try (ResultSet rs = dataVersion.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Override
  public void close() {
    for (PreparedStatement st : lookups.values()) {
      try {
        st.close();
      } catch (SQLException e) {
        // closing a statement of a connection that is closed next: nothing to do
      }
    }
    lookups.clear();
    if (vec0 != null) {
      vec0.close();
    }
    if (scanConnection != null) {
      try {
        scanConnection.close();
      } catch (SQLException e) {
        LOG.warn("Failed to close the vec0 scan connection to {}: {}", file, e.getMessage());
      }
      scanConnection = null;
    }
  }
}
