package io.tributary.source.sqlite.freeze;

import io.tributary.common.naming.Identifiers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The read-only triggers of a frozen SQLite source: {@code BEFORE INSERT}, {@code UPDATE} and
 * {@code DELETE} on each table, raising an error that says where the data went. Their names start
 * with {@value #TRIGGER_PREFIX} — not with {@code _tributary_}, whose triggers capture installs and
 * removes, so removing capture after the switch leaves a source read-only. Each trigger belongs to
 * an owner (the migration source's target schema, unique in a target), so that two migrations of
 * one file freeze and unfreeze it each on their own. Builds strings only.
 *
 * <p><b>The write-back gate.</b> During the fallback window Tributary writes the target's changes
 * back into the frozen file. Every trigger fires only {@code WHEN NOT EXISTS (SELECT 1 FROM}
 * {@value #WRITE_BACK_TABLE}{@code )}: the write-back inserts a row into that table at the start of
 * its transaction and deletes it before its commit. SQLite has one writer at a time, and no other
 * connection sees an uncommitted row, so the applications always find the table empty and stay
 * refused, while the write-back's own statements pass. The table is created with the triggers
 * ({@link #createTriggers}) and dropped when the last read-only trigger goes ({@link
 * #dropWriteBackTable}). Triggers a version before the gate installed ({@link #isGated} false) are
 * recreated with it, under the same names ({@link #gatedTrigger}), by the write-back when it opens
 * the file.
 */
public final class SqliteReadOnlyStatementBuilder {
  /** The prefix of every read-only trigger. */
  public static final String TRIGGER_PREFIX = "tributary_readonly_";

  /** The table whose row lets the write-back's statements past the triggers. */
  public static final String WRITE_BACK_TABLE = "tributary_writeback";

  private static final String[][] EVENTS = {{"i", "INSERT"}, {"u", "UPDATE"}, {"d", "DELETE"}};

  private static final String GATE =
      "WHEN NOT EXISTS (SELECT 1 FROM " + Identifiers.quote(WRITE_BACK_TABLE) + ")";

  /** The message of a trigger's {@code RAISE(ABORT, '...')}, quotes doubled inside. */
  private static final Pattern RAISED =
      Pattern.compile("RAISE\\s*\\(\\s*ABORT\\s*,\\s*'((?:[^']|'')*)'");

  private SqliteReadOnlyStatementBuilder() {}

  /**
   * The statements that freeze {@code table} for {@code owner}: the write-back gate's table and its
   * guard (if the file has none yet), then the three triggers, each failing a write with {@code
   * message}.
   */
  public static List<String> createTriggers(String owner, String table, String message) {
    List<String> statements = new ArrayList<>();
    statements.add(createWriteBackTable());
    statements.add(createGateGuard());
    for (String[] event : EVENTS) {
      statements.add(gatedTrigger(triggerName(owner, table, event[0]), table, event[0], message));
    }
    return statements;
  }

  /**
   * One read-only trigger with the write-back gate.
   *
   * @param event {@code i}, {@code u} or {@code d}
   * @throws IllegalArgumentException for another event
   */
  public static String gatedTrigger(String name, String table, String event, String message) {
    String operation = null;
    for (String[] e : EVENTS) {
      if (e[0].equals(event)) {
        operation = e[1];
      }
    }
    if (operation == null) {
      throw new IllegalArgumentException("no trigger event '" + event + "' (i, u or d)");
    }
    return "CREATE TRIGGER IF NOT EXISTS "
        + Identifiers.quote(name)
        + " BEFORE "
        + operation
        + " ON "
        + Identifiers.quote(table)
        + " "
        + GATE
        + " BEGIN SELECT RAISE(ABORT, "
        + Identifiers.sqliteLiteral(message)
        + "); END";
  }

  /**
   * The index that stops in-place writes to a blob column while frozen: SQLite refuses to open a
   * column that is part of an index for writing ({@code sqlite3_blob_open}: "cannot open indexed
   * column for writing"), and sqlite-vec writes an UPDATE of a vector or metadata value into its
   * chunk that way, where no trigger could stop it. The index is partial with {@code WHERE 0}: it
   * holds no entry, so creating it reads no blob and costs nothing. Named like the owner's triggers
   * ({@link #indexName}).
   */
  public static String createBlobIndex(String owner, String table, String column) {
    return "CREATE INDEX IF NOT EXISTS "
        + Identifiers.quote(indexName(owner, table, column))
        + " ON "
        + Identifiers.quote(table)
        + " ("
        + Identifiers.quote(column)
        + ") WHERE 0";
  }

  /**
   * {@value #TRIGGER_PREFIX}{@code b_<table as letters, digits and _, at most 40>_<8 hex digits of
   * the SHA-256 of owner, NUL, table, NUL, column>}.
   */
  public static String indexName(String owner, String table, String column) {
    return name(table, "b", owner + "\0" + table + "\0" + column);
  }

  public static String dropIndex(String name) {
    return "DROP INDEX IF EXISTS " + Identifiers.quote(name);
  }

  /** The names of the read-only indexes installed in a file. */
  public static String selectReadOnlyIndexes() {
    return "SELECT name FROM sqlite_master WHERE type = 'index'"
        + " AND name LIKE 'tributary\\_readonly\\_%' ESCAPE '\\' ORDER BY name";
  }

  /** The trigger that keeps every connection but the write-back's from filling the gate. */
  public static final String GATE_GUARD_TRIGGER = "tributary_writeback_guard";

  /**
   * The function the gate's guard calls: only the write-back's connection has it (it registers it
   * with sqlite-jdbc), so an application's insert into the gate's table fails to prepare ("no such
   * function") and its writes stay refused.
   */
  public static final String GATE_GUARD_FUNCTION = "tributary_write_back_gate";

  /**
   * The gate's guard: {@code BEFORE INSERT ON "tributary_writeback"} calling {@value
   * #GATE_GUARD_FUNCTION}. Without it, any connection could commit a row into the gate's table and
   * pass every read-only trigger after it (issue 47, M6). SQLite has no access control: a program
   * that means to write can still drop the triggers, or register a function of that name.
   */
  public static String createGateGuard() {
    return "CREATE TRIGGER IF NOT EXISTS "
        + Identifiers.quote(GATE_GUARD_TRIGGER)
        + " BEFORE INSERT ON "
        + Identifiers.quote(WRITE_BACK_TABLE)
        + " BEGIN SELECT "
        + GATE_GUARD_FUNCTION
        + "(); END";
  }

  /** {@code CREATE TABLE IF NOT EXISTS "tributary_writeback" (writer TEXT)}. */
  public static String createWriteBackTable() {
    return "CREATE TABLE IF NOT EXISTS " + Identifiers.quote(WRITE_BACK_TABLE) + " (writer TEXT)";
  }

  /** Drops the gate's table: for when no read-only trigger is left in the file. */
  public static String dropWriteBackTable() {
    return "DROP TABLE IF EXISTS " + Identifiers.quote(WRITE_BACK_TABLE);
  }

  /** Whether a trigger's SQL (as {@code sqlite_master} keeps it) has the write-back gate. */
  public static boolean isGated(String triggerSql) {
    return triggerSql != null && triggerSql.contains(GATE);
  }

  /** The message a read-only trigger raises, read from its SQL; empty when it raises none. */
  public static Optional<String> messageOf(String triggerSql) {
    if (triggerSql == null) {
      return Optional.empty();
    }
    Matcher m = RAISED.matcher(triggerSql);
    return m.find() ? Optional.of(m.group(1).replace("''", "'")) : Optional.empty();
  }

  /**
   * The event of a read-only trigger from its name ({@value #TRIGGER_PREFIX}{@code <event>_...},
   * with or without an owner): {@code i}, {@code u} or {@code d}; empty for another name.
   */
  public static Optional<String> eventOf(String triggerName) {
    if (triggerName == null || !triggerName.startsWith(TRIGGER_PREFIX)) {
      return Optional.empty();
    }
    String rest = triggerName.substring(TRIGGER_PREFIX.length());
    for (String[] e : EVENTS) {
      if (rest.startsWith(e[0] + "_")) {
        return Optional.of(e[0]);
      }
    }
    return Optional.empty();
  }

  /** The names of the read-only triggers {@code owner} puts on {@code table}. */
  public static List<String> triggerNames(String owner, String table) {
    List<String> names = new ArrayList<>();
    for (String[] event : EVENTS) {
      names.add(triggerName(owner, table, event[0]));
    }
    return names;
  }

  /**
   * The names {@code table}'s read-only triggers had before they had owners (a freeze made by an
   * earlier version, undone by this one).
   */
  public static List<String> ownerlessTriggerNames(String table) {
    List<String> names = new ArrayList<>();
    for (String[] event : EVENTS) {
      names.add(name(table, event[0], table));
    }
    return names;
  }

  public static String dropTrigger(String name) {
    return "DROP TRIGGER IF EXISTS " + Identifiers.quote(name);
  }

  /** The names of the read-only triggers installed in a file. */
  public static String selectReadOnlyTriggers() {
    return "SELECT name FROM sqlite_master WHERE type = 'trigger'"
        + " AND name LIKE 'tributary\\_readonly\\_%' ESCAPE '\\' ORDER BY name";
  }

  /** The read-only triggers of a file with their tables and SQL: {@code name, tbl_name, sql}. */
  public static String selectReadOnlyTriggerDefinitions() {
    return "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'"
        + " AND name LIKE 'tributary\\_readonly\\_%' ESCAPE '\\' ORDER BY name";
  }

  /** The tables that exist among the given ones: {@code SELECT name ... WHERE name = ?}. */
  public static String tableExists() {
    return "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?";
  }

  /**
   * {@value #TRIGGER_PREFIX}{@code <event>_<table as letters, digits and _, at most 40>_<8 hex
   * digits of the SHA-256 of owner, NUL, table>}: readable, distinct for distinct owners and
   * tables.
   */
  static String triggerName(String owner, String table, String event) {
    return name(table, event, owner + "\0" + table);
  }

  private static String name(String table, String event, String hashed) {
    String readable = table.replaceAll("[^A-Za-z0-9_]", "_");
    if (readable.length() > 40) {
      readable = readable.substring(0, 40);
    }
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(hashed.getBytes(StandardCharsets.UTF_8));
      return TRIGGER_PREFIX + event + "_" + readable + "_" + HexFormat.of().formatHex(hash, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
