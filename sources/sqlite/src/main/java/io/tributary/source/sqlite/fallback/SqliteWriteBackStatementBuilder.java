package io.tributary.source.sqlite.fallback;

import io.tributary.common.naming.Identifiers;
import io.tributary.source.sqlite.freeze.SqliteReadOnlyStatementBuilder;
import java.util.List;
import java.util.StringJoiner;

/**
 * The SQL the fallback window's write-back runs in a SQLite source: upserts, updates and deletes by
 * key or by rowid, the reads that find a row, sample a column's values and list a key's values, the
 * write-back gate's row ({@link SqliteReadOnlyStatementBuilder}) and the savepoint of each change.
 * Tables are named in the {@code main} schema: a connection of Tributary's has TEMP views of the
 * same names over vec0 and full-text tables, which an unqualified name would reach first. Builds
 * strings only; columns are source names, values are parameters.
 */
public final class SqliteWriteBackStatementBuilder {
  private static final String SCHEMA = "main";

  private SqliteWriteBackStatementBuilder() {}

  /**
   * {@code INSERT ... ON CONFLICT (key) DO UPDATE SET} the other columns given ({@code DO NOTHING}
   * when there are none): the whole row, whether it exists or not, without deleting it first (which
   * {@code INSERT OR REPLACE} would do, firing deletes and cascades).
   *
   * @param columns the columns written, the key's among them
   * @param key the primary key's columns
   */
  public static String upsert(String table, List<String> columns, List<String> key) {
    StringBuilder sql = new StringBuilder(insert(table, columns));
    sql.append(" ON CONFLICT (").append(names(key)).append(") DO ");
    StringJoiner set = new StringJoiner(", ");
    for (String column : columns) {
      if (!key.contains(column)) {
        set.add(Identifiers.quote(column) + " = excluded." + Identifiers.quote(column));
      }
    }
    return set.length() == 0
        ? sql.append("NOTHING").toString()
        : sql.append("UPDATE SET ").append(set).toString();
  }

  /** {@code INSERT INTO "main"."t" (columns) VALUES (?, ...)} ({@code DEFAULT VALUES} for none). */
  public static String insert(String table, List<String> columns) {
    if (columns.isEmpty()) {
      return "INSERT INTO " + qualified(table) + " DEFAULT VALUES";
    }
    return "INSERT INTO "
        + qualified(table)
        + " ("
        + names(columns)
        + ") VALUES ("
        + "?, ".repeat(columns.size() - 1)
        + "?)";
  }

  /**
   * {@code UPDATE ... SET column = ?, ... WHERE where IS ? AND ...}: the rows whose identifying
   * columns hold the values ({@code IS}: NULL matches NULL), parameters in that order.
   */
  public static String update(String table, List<String> columns, List<String> where) {
    return "UPDATE " + qualified(table) + " SET " + assignments(columns) + whereIs(where);
  }

  /** {@code DELETE ... WHERE where IS ? AND ...}. */
  public static String delete(String table, List<String> where) {
    return "DELETE FROM " + qualified(table) + whereIs(where);
  }

  /** {@code UPDATE ... SET column = ?, ... WHERE rowid = ?}: one row, found before. */
  public static String updateRow(String table, String rowid, List<String> columns) {
    return "UPDATE "
        + qualified(table)
        + " SET "
        + assignments(columns)
        + " WHERE "
        + rowid
        + " = ?";
  }

  /** {@code DELETE ... WHERE rowid = ?}: one row, found before. */
  public static String deleteRow(String table, String rowid) {
    return "DELETE FROM " + qualified(table) + " WHERE " + rowid + " = ?";
  }

  /**
   * {@code SELECT rowid, columns... FROM ... [WHERE where = ? AND ...]}: the rows a whole-row
   * identity may name, to be compared value by value.
   *
   * @param rowid the table's rowid alias ({@code rowid}, {@code _rowid_} or {@code oid})
   * @param where columns whose values narrow the rows down (may be empty)
   */
  public static String selectRows(
      String table, String rowid, List<String> columns, List<String> where) {
    StringBuilder sql = new StringBuilder("SELECT ").append(rowid);
    for (String column : columns) {
      sql.append(", ").append(Identifiers.quote(column));
    }
    sql.append(" FROM ").append(qualified(table));
    if (!where.isEmpty()) {
      StringJoiner and = new StringJoiner(" AND ", " WHERE ", "");
      where.forEach(c -> and.add(Identifiers.quote(c) + " = ?"));
      sql.append(and);
    }
    return sql.toString();
  }

  /** {@code SELECT column FROM ...}: every value of a key column. */
  public static String selectColumn(String table, String column) {
    return "SELECT " + Identifiers.quote(column) + " FROM " + qualified(table);
  }

  /**
   * A few non-NULL values of a column, the most recent first when the table has a rowid ({@code
   * rowid} null: a {@code WITHOUT ROWID} table, in key order).
   */
  public static String sampleColumn(String table, String column, String rowid, int limit) {
    String quoted = Identifiers.quote(column);
    return "SELECT "
        + quoted
        + " FROM "
        + qualified(table)
        + " WHERE "
        + quoted
        + " IS NOT NULL"
        + (rowid == null ? "" : " ORDER BY " + rowid + " DESC")
        + " LIMIT "
        + limit;
  }

  /**
   * What a name is in the {@code main} schema: {@code type} ({@code table}, {@code virtual}, {@code
   * view}, {@code shadow}) and {@code wr} (1 for {@code WITHOUT ROWID}); no row when there is no
   * such table. One parameter: the name.
   */
  public static String tableKind() {
    return "SELECT type, wr FROM pragma_table_list WHERE schema = 'main' AND name = ?";
  }

  /** A virtual table's module ({@code USING vec0(...)}): its declaration. One parameter. */
  public static String tableDeclaration() {
    return "SELECT sql FROM main.sqlite_master WHERE type = 'table' AND name = ?";
  }

  /** Whether the write-back gate's table exists: one row when it does. */
  public static String gateExists() {
    return "SELECT 1 FROM main.sqlite_master WHERE type = 'table' AND name = '"
        + SqliteReadOnlyStatementBuilder.WRITE_BACK_TABLE
        + "'";
  }

  /** The gate's row, written first in the write-back's transaction. One parameter: the writer. */
  public static String openGate() {
    return "INSERT INTO "
        + qualified(SqliteReadOnlyStatementBuilder.WRITE_BACK_TABLE)
        + " (writer) VALUES (?)";
  }

  /** Removes every row of the gate's table (rows left by another connection). */
  public static String emptyGate() {
    return "DELETE FROM " + qualified(SqliteReadOnlyStatementBuilder.WRITE_BACK_TABLE);
  }

  /** Removes the gate's row, last before the commit. One parameter: the writer. */
  public static String closeGate() {
    return "DELETE FROM "
        + qualified(SqliteReadOnlyStatementBuilder.WRITE_BACK_TABLE)
        + " WHERE writer = ?";
  }

  /** {@code SAVEPOINT "name"}: the start of one change. */
  public static String savepoint(String name) {
    return "SAVEPOINT " + Identifiers.quote(name);
  }

  /** {@code RELEASE "name"}: the change stays in the transaction. */
  public static String release(String name) {
    return "RELEASE " + Identifiers.quote(name);
  }

  /** {@code ROLLBACK TO "name"}: the change is undone, the transaction goes on. */
  public static String rollbackTo(String name) {
    return "ROLLBACK TO " + Identifiers.quote(name);
  }

  private static String qualified(String table) {
    return Identifiers.qualified(SCHEMA, table);
  }

  private static String names(List<String> columns) {
    StringJoiner out = new StringJoiner(", ");
    columns.forEach(c -> out.add(Identifiers.quote(c)));
    return out.toString();
  }

  private static String assignments(List<String> columns) {
    StringJoiner out = new StringJoiner(", ");
    columns.forEach(c -> out.add(Identifiers.quote(c) + " = ?"));
    return out.toString();
  }

  private static String whereIs(List<String> columns) {
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("a row is found by at least one column");
    }
    StringJoiner out = new StringJoiner(" AND ", " WHERE ", "");
    columns.forEach(c -> out.add(Identifiers.quote(c) + " IS ?"));
    return out.toString();
  }
}
