package io.tributary.source.sqlite.capture;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.control.CaptureNames;
import io.tributary.common.naming.Identifiers;
import io.tributary.source.sqlite.vtab.FullTextTable;
import io.tributary.source.sqlite.vtab.Vec0Table;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Builds the SQL of SQLite change capture's tables (no I/O here): the change log {@value
 * #LOG_TABLE} and the registry of its consumers {@value #CONSUMERS_TABLE}, and the statements that
 * append to, read, trim and remove them, and the file's triggers. The triggers that append one log
 * entry per changed row are built by {@link ChangeLogTriggerBuilder} (reached through {@link
 * #triggers} too); the expressions of an entry's values are here.
 *
 * <p>A log entry is {@code (seq, tbl, op, key, ts_ms)}: {@code seq} comes from an AUTOINCREMENT
 * key, so it only grows, also after the log was trimmed empty (a reused sequence would hide changes
 * from a reader positioned past it); {@code op} is {@code c}, {@code u} or {@code d}; {@code key}
 * is the row's key in the {@link TypedKeyCodec} form. An UPDATE that changes the key logs a delete
 * of the old key before the update of the new one. A table identified by its whole rows logs the
 * whole row instead, its rowid first ({@link ChangeLogTriggerBuilder#wholeRowTriggers}).
 */
public final class ChangeLogStatementBuilder {
  /** The change log, in the captured file. */
  public static final String LOG_TABLE = CaptureNames.SQLITE_CHANGE_LOG;

  /** The captures reading the log, with the position each has safely delivered. */
  public static final String CONSUMERS_TABLE = CaptureNames.SQLITE_CONSUMERS;

  /** Every object Tributary creates in a source file starts with this. */
  public static final String PREFIX = "_tributary_";

  static final String LOG = Identifiers.quote(LOG_TABLE);
  private static final String CONSUMERS = Identifiers.quote(CONSUMERS_TABLE);

  /** Milliseconds since the epoch, in SQLite (julianday has sub-millisecond resolution). */
  static final String NOW_MS = "CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)";

  private ChangeLogStatementBuilder() {}

  /** A trigger: its name and its complete {@code CREATE TRIGGER} statement. */
  public record Trigger(String name, String table, String sql) {}

  /**
   * The three triggers of a table, as {@link ChangeLogTriggerBuilder#triggers(TableDef)} builds
   * them.
   */
  public static List<Trigger> triggers(TableDef table) {
    return ChangeLogTriggerBuilder.triggers(table);
  }

  /**
   * The triggers of a sqlite-vec {@code vec0} table, as {@link
   * ChangeLogTriggerBuilder#triggers(TableDef, Vec0Table)} builds them.
   */
  public static List<Trigger> triggers(TableDef table, Vec0Table vec) {
    return ChangeLogTriggerBuilder.triggers(table, vec);
  }

  /**
   * The triggers of a full-text table, as {@link ChangeLogTriggerBuilder#triggers(TableDef,
   * FullTextTable)} builds them.
   */
  public static List<Trigger> triggers(TableDef table, FullTextTable fts) {
    return ChangeLogTriggerBuilder.triggers(table, fts);
  }

  public static String createLogTable() {
    return "CREATE TABLE IF NOT EXISTS "
        + LOG
        + " (seq INTEGER PRIMARY KEY AUTOINCREMENT, tbl TEXT NOT NULL, op TEXT NOT NULL,"
        + " key TEXT NOT NULL, ts_ms INTEGER NOT NULL)";
  }

  /**
   * The {@code tbl} of a fence entry: no table has this name (the {@code _tributary_} prefix is
   * Tributary's); its {@code key} is the fence's JSON.
   */
  public static final String FENCE_TABLE = "_tributary_fence";

  /** Appends a fence to the log. Parameters: the fence's JSON, ts_ms. */
  public static String insertFence() {
    return "INSERT INTO "
        + LOG
        + " (tbl, op, key, ts_ms) VALUES ("
        + Identifiers.sqliteLiteral(FENCE_TABLE)
        + ", 'f', ?, ?)";
  }

  /**
   * Appends an update entry for one row, if it exists, read from the table itself: capture then
   * reads the row as it is and publishes it again (a replay). Parameters: the table's name, then
   * the key values in key order.
   */
  public static String insertRefresh(TableDef table) {
    List<ColumnDef> key = table.keyColumns();
    return "INSERT INTO "
        + LOG
        + " (tbl, op, key, ts_ms) SELECT ?, 'u', "
        + keyExpression("t", key)
        + ", "
        + NOW_MS
        + " FROM "
        + Identifiers.quote(table.sourceTable())
        + " AS t WHERE "
        + key.stream()
            .map(c -> "t." + Identifiers.quote(c.name()) + " = ?")
            .collect(Collectors.joining(" AND "));
  }

  public static String createConsumersTable() {
    return "CREATE TABLE IF NOT EXISTS "
        + CONSUMERS
        + " (consumer TEXT PRIMARY KEY, registration TEXT NOT NULL, pos INTEGER NOT NULL,"
        + " registered_ms INTEGER NOT NULL, seen_ms INTEGER)";
  }

  /** Adds {@code seen_ms} to a consumers table created before it existed. */
  public static String addSeenColumn() {
    return "ALTER TABLE " + CONSUMERS + " ADD COLUMN seen_ms INTEGER";
  }

  /** Whether the consumers table has {@code seen_ms}. */
  public static String hasSeenColumn() {
    return "SELECT count(*) FROM pragma_table_info("
        + Identifiers.sqliteLiteral(CONSUMERS_TABLE)
        + ") WHERE name = 'seen_ms'";
  }

  /**
   * The other consumers not seen (position advanced or heartbeat) for a given time: a capture whose
   * migration was abandoned, whose position would hold the log forever. Parameters: this consumer,
   * the time in milliseconds. Answers consumer, pos, last seen (ms).
   */
  public static String staleConsumers() {
    return "SELECT consumer, pos, coalesce(seen_ms, registered_ms) FROM "
        + CONSUMERS
        + " WHERE consumer <> ? AND coalesce(seen_ms, registered_ms) < "
        + NOW_MS
        + " - ? ORDER BY consumer";
  }

  /** The highest sequence number ever given out (0 before the first change). */
  public static String logPosition() {
    return "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = "
        + Identifiers.sqliteLiteral(LOG_TABLE)
        + "), 0)";
  }

  /**
   * Registers a consumer at the current log position unless it is registered already. Parameters:
   * consumer, registration.
   */
  public static String registerConsumer() {
    return "INSERT OR IGNORE INTO "
        + CONSUMERS
        + " (consumer, registration, pos, registered_ms) VALUES (?, ?, ("
        + logPosition()
        + "), "
        + NOW_MS
        + ")";
  }

  /**
   * A consumer's registration, position and registration time (ms since the epoch). Parameter:
   * consumer.
   */
  public static String consumer() {
    return "SELECT registration, pos, registered_ms FROM " + CONSUMERS + " WHERE consumer = ?";
  }

  /** Every registered consumer. */
  public static String consumers() {
    return "SELECT consumer FROM " + CONSUMERS + " ORDER BY consumer";
  }

  /** Removes a consumer. Parameter: consumer. */
  public static String removeConsumer() {
    return "DELETE FROM " + CONSUMERS + " WHERE consumer = ?";
  }

  /**
   * Moves a consumer's delivered position forward (never back) and records that it was seen now.
   * Parameters: position, consumer.
   */
  public static String advanceConsumer() {
    return "UPDATE "
        + CONSUMERS
        + " SET pos = max(pos, ?), seen_ms = "
        + NOW_MS
        + " WHERE consumer = ?";
  }

  /**
   * Deletes the oldest log entries every consumer has delivered, at most a given number (so one
   * write transaction stays short). Parameter: the limit.
   */
  public static String trim() {
    return "DELETE FROM "
        + LOG
        + " WHERE seq IN (SELECT seq FROM "
        + LOG
        + " WHERE seq <= (SELECT min(pos) FROM "
        + CONSUMERS
        + ") ORDER BY seq LIMIT ?)";
  }

  /** The next log entries after a position, oldest first. Parameters: position, limit. */
  public static String readLog() {
    return "SELECT seq, tbl, op, key, ts_ms FROM " + LOG + " WHERE seq > ? ORDER BY seq LIMIT ?";
  }

  /** Log entries not yet trimmed. */
  static String countLog() {
    return "SELECT count(*) FROM " + LOG;
  }

  /** Whether a table exists. Parameter: the table name. */
  public static String tableExists() {
    return "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?";
  }

  /** UNIQUE indexes of a table other than its primary key. Parameter: the table name. */
  public static String uniqueIndexesBesidesKey() {
    return "SELECT name FROM pragma_index_list(?) WHERE \"unique\" AND origin <> 'pk'";
  }

  /** Tributary's triggers in the file, with their statements: name, tbl_name, sql. */
  public static String installedTriggers() {
    return "SELECT name, tbl_name, sql FROM sqlite_schema WHERE type = 'trigger'"
        + " AND name LIKE '\\_tributary\\_%' ESCAPE '\\' ORDER BY name";
  }

  public static String dropTrigger(String name) {
    return "DROP TRIGGER IF EXISTS " + Identifiers.quote(name);
  }

  public static String dropTable(String name) {
    return "DROP TABLE IF EXISTS " + Identifiers.quote(name);
  }

  /**
   * Logs an update of a {@code vec0} row found changed in place (a vector or metadata slot written
   * with blob I/O, which no trigger sees: {@link Vec0ChunkDiff}), by its rowid, with the key its
   * triggers log: capture then reads the row whole, as for any other update. Parameter: the rowid.
   */
  public static String logVec0Update(Vec0Table vec) {
    String keyColumn = vec.textKey() ? "id" : "rowid";
    return "INSERT INTO "
        + LOG
        + " (tbl, op, key, ts_ms) SELECT "
        + entry(
            Identifiers.sqliteLiteral(vec.name()), "u", keyOf("r." + Identifiers.quote(keyColumn)))
        + " FROM "
        + Identifiers.quote(vec.shadow("rowids"))
        + " AS r WHERE r.\"rowid\" = ?";
  }

  /** The typed key of a one-column key given as an SQL expression. */
  static String keyOf(String value) {
    return "'[' || " + valueExpression(value) + " || ']'";
  }

  /** A log entry's values: table, operation, key, now. */
  static String entry(String tbl, String op, String key) {
    return tbl + ", '" + op + "', " + key + ", " + NOW_MS;
  }

  /**
   * The SQL expression of a row's typed key ({@link TypedKeyCodec}), e.g. {@code '[' || CASE
   * typeof(NEW."id") WHEN 'integer' THEN json_array('i', NEW."id") ... END || ']'}.
   *
   * @param row {@code NEW} or {@code OLD}
   */
  static String keyExpression(String row, List<ColumnDef> key) {
    return "'['"
        + key.stream()
            .map(c -> valueExpression(row + "." + Identifiers.quote(c.name())))
            .collect(Collectors.joining(" || ',' || ", " || ", " || "))
        + "']'";
  }

  static String valueExpression(String value) {
    return "CASE typeof("
        + value
        + ") WHEN 'integer' THEN json_array('i', "
        + value
        + ") WHEN 'real' THEN json_array('r', printf('%!.17g', "
        + value
        + ")) WHEN 'text' THEN json_array('s', "
        + value
        + ") WHEN 'blob' THEN json_array('x', hex("
        + value
        + ")) ELSE '[\"n\"]' END";
  }
}
