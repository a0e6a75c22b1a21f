package io.tributary.source.sqlite.capture;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.control.CaptureNames;
import io.tributary.common.naming.Identifiers;
import io.tributary.source.sqlite.catalog.FullTextTable;
import io.tributary.source.sqlite.catalog.SqliteRowid;
import io.tributary.source.sqlite.catalog.Vec0Table;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Builds the SQL of SQLite change capture (no I/O here): the change log {@value #LOG_TABLE}, the
 * registry of its consumers {@value #CONSUMERS_TABLE}, the triggers that append one log entry per
 * changed row, and the statements that read, trim and remove them.
 *
 * <p>A log entry is {@code (seq, tbl, op, key, ts_ms)}: {@code seq} comes from an AUTOINCREMENT
 * key, so it only grows, also after the log was trimmed empty (a reused sequence would hide changes
 * from a reader positioned past it); {@code op} is {@code c}, {@code u} or {@code d}; {@code key}
 * is the row's key in the {@link TypedKeyCodec} form. An UPDATE that changes the key logs a delete
 * of the old key before the update of the new one. A table identified by its whole rows logs the
 * whole row instead, its rowid first ({@link #wholeRowTriggers}).
 */
public final class ChangeLogStatementBuilder {
  /** The change log, in the captured file. */
  public static final String LOG_TABLE = CaptureNames.SQLITE_CHANGE_LOG;

  /** The captures reading the log, with the position each has safely delivered. */
  public static final String CONSUMERS_TABLE = CaptureNames.SQLITE_CONSUMERS;

  /** Every object Tributary creates in a source file starts with this. */
  static final String PREFIX = "_tributary_";

  private static final String LOG = Identifiers.quote(LOG_TABLE);
  private static final String CONSUMERS = Identifiers.quote(CONSUMERS_TABLE);

  /** Milliseconds since the epoch, in SQLite (julianday has sub-millisecond resolution). */
  private static final String NOW_MS =
      "CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)";

  private ChangeLogStatementBuilder() {}

  /** A trigger: its name and its complete {@code CREATE TRIGGER} statement. */
  public record Trigger(String name, String table, String sql) {}

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
        + Identifiers.literal(FENCE_TABLE)
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
        + Identifiers.literal(CONSUMERS_TABLE)
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
        + Identifiers.literal(LOG_TABLE)
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
   * The three triggers of a table. Their statements are written exactly as SQLite keeps them in
   * {@code sqlite_schema.sql}, so an installed trigger can be compared with the wanted one.
   */
  public static List<Trigger> triggers(TableDef table) {
    if (table.wholeRow()) {
      return wholeRowTriggers(table);
    }
    String name = table.sourceTable();
    String on = Identifiers.quote(name);
    String tbl = Identifiers.literal(name);
    List<ColumnDef> key = table.keyColumns();
    if (key.isEmpty()) {
      throw new IllegalArgumentException("table " + name + " has no key columns");
    }
    String newKey = keyExpression("NEW", key);
    String oldKey = keyExpression("OLD", key);
    return List.of(
        trigger(name, "i", "INSERT", null, append(tbl, "c", newKey)),
        trigger(
            name,
            "u",
            "UPDATE",
            null,
            appendIf(tbl, "d", oldKey, oldKey + " IS NOT " + newKey)
                + " "
                + append(tbl, "u", newKey)),
        trigger(name, "d", "DELETE", null, append(tbl, "d", oldKey)));
  }

  /**
   * The triggers of a table identified by its whole rows ({@link
   * io.tributary.common.catalog.RowIdentity#WHOLE_ROW}): capture cannot read such a row back by a
   * key, so each entry logs the row whole, as a typed tuple of its rowid then every column ({@link
   * #wholeRowExpression}): an insert logs {@code c} with the new row, a delete {@code d} with the
   * old one, and an update that changes anything both, the old row's {@code d} first.
   */
  static List<Trigger> wholeRowTriggers(TableDef table) {
    String name = table.sourceTable();
    String tbl = Identifiers.literal(name);
    String newRow = wholeRowExpression("NEW", table);
    String oldRow = wholeRowExpression("OLD", table);
    String changed = oldRow + " IS NOT " + newRow;
    return List.of(
        trigger(name, "i", "INSERT", null, append(tbl, "c", newRow)),
        trigger(
            name,
            "u",
            "UPDATE",
            null,
            appendIf(tbl, "d", oldRow, changed) + " " + appendIf(tbl, "c", newRow, changed)),
        trigger(name, "d", "DELETE", null, append(tbl, "d", oldRow)));
  }

  /**
   * A row whole as a typed tuple ({@link TypedKeyCodec}): its rowid, then every column in catalog
   * order.
   *
   * @param row {@code NEW} or {@code OLD}
   */
  static String wholeRowExpression(String row, TableDef table) {
    List<String> values = new ArrayList<>();
    values.add(valueExpression(row + "." + Identifiers.quote(SqliteRowid.of(table))));
    table
        .columns()
        .forEach(c -> values.add(valueExpression(row + "." + Identifiers.quote(c.name()))));
    return "'[' || " + String.join(" || ',' || ", values) + " || ']'";
  }

  /**
   * The triggers of a sqlite-vec {@code vec0} table, which cannot have triggers of its own: on its
   * shadow tables, each logging the vec0 table's name and its row's key. sqlite-vec writes a row's
   * {@code t_rowids} entry with SQL on every insert (an INSERT, then an UPDATE that places it in
   * its chunk) and delete, updates {@code t_auxiliary} with SQL, and writes a text metadata value
   * of more than 12 bytes to {@code t_metadatatextNN}: those are captured, and capture reads the
   * row whole. An UPDATE of a vector or of another metadata value in place is a raw blob write that
   * no trigger sees: capture finds it by the chunks' hashes and logs it ({@link #logVec0Update}).
   */
  public static List<Trigger> triggers(TableDef table, Vec0Table vec) {
    String tbl = Identifiers.literal(table.sourceTable());
    String rowids = vec.shadow("rowids");
    String keyColumn = vec.textKey() ? "id" : "rowid";
    List<Trigger> out = new ArrayList<>();
    out.add(
        trigger(
            rowids,
            "i",
            "INSERT",
            null,
            append(tbl, "c", keyOf("NEW." + Identifiers.quote(keyColumn)))));
    out.add(
        trigger(
            rowids,
            "u",
            "UPDATE",
            null,
            append(tbl, "u", keyOf("NEW." + Identifiers.quote(keyColumn)))));
    out.add(
        trigger(
            rowids,
            "d",
            "DELETE",
            null,
            append(tbl, "d", keyOf("OLD." + Identifiers.quote(keyColumn)))));
    List<String> byRowid = new ArrayList<>();
    if (!vec.columns(Vec0Table.Kind.AUXILIARY).isEmpty()) {
      byRowid.add(vec.shadow("auxiliary"));
    }
    for (Vec0Table.Column c : vec.columns(Vec0Table.Kind.METADATA)) {
      if (c.type() == Vec0Table.Type.TEXT) {
        byRowid.add(vec.shadow("metadatatext", c.index()));
      }
    }
    for (String shadow : byRowid) {
      for (String[] event :
          new String[][] {{"i", "INSERT", "NEW"}, {"u", "UPDATE", "NEW"}, {"d", "DELETE", "OLD"}}) {
        // the row's key through t_rowids: a change made while the row itself is deleted finds none
        String key =
            "(SELECT "
                + keyOf("r." + Identifiers.quote(keyColumn))
                + " FROM "
                + Identifiers.quote(rowids)
                + " AS r WHERE r.\"rowid\" = "
                + event[2]
                + ".\"rowid\")";
        out.add(trigger(shadow, event[0], event[1], key + " IS NOT NULL", append(tbl, "u", key)));
      }
    }
    return out;
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
        + entry(Identifiers.literal(vec.name()), "u", keyOf("r." + Identifiers.quote(keyColumn)))
        + " FROM "
        + Identifiers.quote(vec.shadow("rowids"))
        + " AS r WHERE r.\"rowid\" = ?";
  }

  /**
   * The triggers of a full-text table whose text is migrated (a full-text table cannot have
   * triggers of its own): on its content shadow table, which the full-text module writes with SQL,
   * each logging the full-text table's name and the row's rowid.
   */
  public static List<Trigger> triggers(TableDef table, FullTextTable fts) {
    String tbl = Identifiers.literal(table.sourceTable());
    String content = fts.contentTable();
    String key = Identifiers.quote(fts.contentKey());
    return List.of(
        trigger(content, "i", "INSERT", null, append(tbl, "c", keyOf("NEW." + key))),
        trigger(content, "u", "UPDATE", null, append(tbl, "u", keyOf("NEW." + key))),
        trigger(content, "d", "DELETE", null, append(tbl, "d", keyOf("OLD." + key))));
  }

  /**
   * {@code CREATE TRIGGER <name> AFTER <operation> ON <table> [WHEN <when>] BEGIN <body> END},
   * named by {@link #triggerName}: on a captured table itself, or on a shadow table of a virtual
   * one.
   */
  private static Trigger trigger(
      String table, String event, String operation, String when, String body) {
    String name = triggerName(table, event);
    return new Trigger(
        name,
        table,
        "CREATE TRIGGER "
            + Identifiers.quote(name)
            + " AFTER "
            + operation
            + " ON "
            + Identifiers.quote(table)
            + (when == null ? "" : " WHEN " + when)
            + " BEGIN "
            + body
            + " END");
  }

  /** The typed key of a one-column key given as an SQL expression. */
  private static String keyOf(String value) {
    return "'[' || " + valueExpression(value) + " || ']'";
  }

  /** As {@link #append}, only when {@code condition} holds. */
  private static String appendIf(String tbl, String op, String key, String condition) {
    return "INSERT INTO "
        + LOG
        + " (tbl, op, key, ts_ms) SELECT "
        + entry(tbl, op, key)
        + " WHERE "
        + condition
        + ";";
  }

  /**
   * A trigger's statement appending one log entry whose table, operation and key are SQL
   * expressions: for a store kept in SQLite whose changes are not rows of their own tables (a
   * Chroma store's embeddings queue).
   */
  public static String appendComputed(String tbl, String op, String key) {
    return "INSERT INTO "
        + LOG
        + " (tbl, op, key, ts_ms) VALUES ("
        + tbl
        + ", "
        + op
        + ", "
        + key
        + ", "
        + NOW_MS
        + ");";
  }

  /** A trigger's statement appending one log entry. */
  private static String append(String tbl, String op, String key) {
    return "INSERT INTO " + LOG + " (tbl, op, key, ts_ms) VALUES (" + entry(tbl, op, key) + ");";
  }

  /** A log entry's values: table, operation, key, now. */
  private static String entry(String tbl, String op, String key) {
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

  private static String valueExpression(String value) {
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

  /**
   * {@code _tributary_<event>_<table as letters, digits and _, at most 40>_<8 hex digits of the
   * name's SHA-256>}: readable, and distinct for distinct tables whatever their names hold.
   *
   * @param event {@code i}, {@code u} or {@code d}
   */
  public static String triggerName(String table, String event) {
    String readable = table.replaceAll("[^A-Za-z0-9_]", "_");
    if (readable.length() > 40) {
      readable = readable.substring(0, 40);
    }
    return PREFIX + event + "_" + readable + "_" + shortHash(table);
  }

  private static String shortHash(String name) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
