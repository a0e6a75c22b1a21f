package io.tributary.connect.sqlite;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.source.sqlite.capture.ChangeLogStatementBuilder;
import io.tributary.source.sqlite.capture.SqliteRowLookupQueryBuilder;
import io.tributary.source.sqlite.capture.TypedKeyCodec;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A SQLite source's own tables: the triggers of each captured table ({@link
 * SqliteCaptureInstaller#tableTriggers}), snapshot chunks in key order ({@link
 * SqliteSnapshotReader}) and current rows looked up by key.
 */
final class SqliteFileStore implements CapturedStore {
  private final Path file;
  private final Map<String, TableDef> tables = new HashMap<>();
  private final Map<String, PreparedStatement> lookups = new HashMap<>();
  private final long snapshotMaxReadMs;
  private SqliteSnapshotReader snapshotReader;

  SqliteFileStore(Path file, List<TableDef> tables, long snapshotMaxReadMs) {
    this.file = file;
    tables.forEach(t -> this.tables.put(t.sourceTable(), t));
    this.snapshotMaxReadMs = snapshotMaxReadMs;
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
      return row;
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
  }
}
