package io.tributary.source.sqlite.fallback;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.RowIdentity;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.event.Op;
import io.tributary.common.value.ValueCastException;
import io.tributary.common.value.ValueCodec;
import io.tributary.source.spi.writeback.SourceChange;
import io.tributary.source.spi.writeback.SourceValue;
import io.tributary.source.spi.writeback.StatementCache;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes one change into its SQLite table, inside the batch's transaction:
 *
 * <ul>
 *   <li>a table keyed by its primary key: an insert is an upsert ({@code INSERT ... ON CONFLICT
 *       (key) DO UPDATE}, never {@code INSERT OR REPLACE}, which deletes first and fires deletes);
 *       an update updates the columns it carries in the row under its old key (SQLite checks NOT
 *       NULL before ON CONFLICT, so an upsert of an update that lacks a column would fail), and is
 *       an upsert when that row is not there; a delete deletes by key;
 *   <li>a table keyed by a unique index or the plan's columns (no conflict target to rely on): an
 *       update of the row by its key, an insert when none was updated;
 *   <li>a table identified by whole rows: an insert inserts; an update or a delete finds one row
 *       equal to the old row ({@link SqliteRowMatcher}) and updates or deletes that one by its
 *       rowid, so equal rows keep their number. An update whose old row is not there, while a row
 *       equal to the new one is, was written before (a batch written again after a restart);
 *       otherwise its new row is inserted.
 * </ul>
 *
 * Writing a change again leaves the same row, except in tables identified by whole rows, where an
 * insert written twice leaves two rows (no key tells them apart).
 */
final class SqliteRowWriter {
  private final StatementCache statements;
  private final SqliteSourceTables tables;
  private final SqliteRowValues values;
  private final SqliteRowMatcher matcher;

  SqliteRowWriter(StatementCache statements, SqliteSourceTables tables, SqliteRowValues values) {
    this.statements = statements;
    this.tables = tables;
    this.values = values;
    this.matcher = new SqliteRowMatcher(statements, values);
  }

  /**
   * Writes the change; the key of the row written, as the source holds it.
   *
   * @throws ValueCastException when a value cannot go into the source, or the table cannot be
   *     written, saying why
   * @throws SQLException when SQLite refuses the write
   */
  ObjectNode write(SourceChange change) throws SQLException {
    TableDef table = change.table();
    SqliteSourceTables.Info info = tables.info(table);
    if (!info.exists()) {
      throw new ValueCastException(
          "table '" + table.sourceTable() + "' is no longer in the source file");
    }
    return table.wholeRow() ? writeWholeRow(change, info) : writeKeyed(change);
  }

  private ObjectNode writeKeyed(SourceChange change) throws SQLException {
    TableDef table = change.table();
    String name = table.sourceTable();
    List<Object> identity = find(table, change.identity());
    List<String> identityNames = names(change.identity());
    if (change.op() == Op.DELETE) {
      execute(SqliteWriteBackStatementBuilder.delete(name, identityNames), identity);
      return key(change.identity(), identity);
    }
    List<Object> after = bind(table, change.after());
    List<String> columns = names(change.after());
    List<String> key = table.keyColumns().stream().map(ColumnDef::name).toList();
    boolean primaryKey = table.rowIdentity() == RowIdentity.PRIMARY_KEY;
    // an update updates first: an insert of a row that lacks a column the WAL did not carry fails
    // its NOT NULL before ON CONFLICT is looked at
    boolean updateFirst = !primaryKey || change.op() == Op.UPDATE;
    int updated = 0;
    if (updateFirst && !columns.isEmpty()) {
      List<Object> parameters = new ArrayList<>(after);
      parameters.addAll(identity);
      updated =
          execute(SqliteWriteBackStatementBuilder.update(name, columns, identityNames), parameters);
    }
    if (updated == 0) {
      execute(
          primaryKey
              ? SqliteWriteBackStatementBuilder.upsert(name, columns, key)
              : SqliteWriteBackStatementBuilder.insert(name, columns),
          after);
    }
    List<SourceValue> afterKey = change.afterKey();
    return key(afterKey, find(table, afterKey));
  }

  private ObjectNode writeWholeRow(SourceChange change, SqliteSourceTables.Info info)
      throws SQLException {
    TableDef table = change.table();
    String name = table.sourceTable();
    if (change.op() != Op.CREATE && info.rowid() == null) {
      throw new ValueCastException(
          "table '" + name + "' has columns named rowid, _rowid_ and oid: no row can be found");
    }
    if (change.op() == Op.DELETE) {
      Optional<Long> rowid = matcher.find(table, info.rowid(), change.identity());
      if (rowid.isPresent()) {
        execute(
            SqliteWriteBackStatementBuilder.deleteRow(name, info.rowid()), List.of(rowid.get()));
      }
      return key(change.identity(), find(table, change.identity()));
    }
    List<Object> after = bind(table, change.after());
    List<String> columns = names(change.after());
    if (change.op() == Op.UPDATE) {
      Optional<Long> rowid = matcher.find(table, info.rowid(), change.identity());
      if (rowid.isPresent()) {
        List<Object> parameters = new ArrayList<>(after);
        parameters.add(rowid.get());
        if (!columns.isEmpty()) {
          execute(
              SqliteWriteBackStatementBuilder.updateRow(name, info.rowid(), columns), parameters);
        }
        return key(change.after(), after);
      }
      if (matcher.find(table, info.rowid(), change.after()).isPresent()) {
        return key(change.after(), after); // written before
      }
    }
    execute(SqliteWriteBackStatementBuilder.insert(name, columns), after);
    return key(change.after(), after);
  }

  private List<Object> bind(TableDef table, List<SourceValue> row) throws SQLException {
    List<Object> out = new ArrayList<>(row.size());
    for (SourceValue v : row) {
      out.add(values.written(table, v));
    }
    return out;
  }

  private List<Object> find(TableDef table, List<SourceValue> row) throws SQLException {
    List<Object> out = new ArrayList<>(row.size());
    for (SourceValue v : row) {
      out.add(values.found(table, v));
    }
    return out;
  }

  private int execute(String sql, List<Object> parameters) throws SQLException {
    PreparedStatement st = statements.prepare(sql);
    for (int i = 0; i < parameters.size(); i++) {
      st.setObject(i + 1, parameters.get(i));
    }
    return st.executeUpdate();
  }

  private static List<String> names(List<SourceValue> row) {
    return row.stream().map(v -> v.column().name()).toList();
  }

  private static ObjectNode key(List<SourceValue> columns, List<Object> bound) {
    ObjectNode key = ValueCodec.nodes().objectNode();
    for (int i = 0; i < columns.size(); i++) {
      ColumnDef column = columns.get(i).column();
      key.set(column.name(), SqliteRowValues.json(bound.get(i), column));
    }
    return key;
  }
}
