package io.tributary.source.sqlite.freeze;

import io.tributary.common.sql.Identifiers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The read-only triggers of a frozen SQLite source: {@code BEFORE INSERT}, {@code UPDATE} and
 * {@code DELETE} on each table, raising an error that says where the data went. Their names start
 * with {@value #TRIGGER_PREFIX} — not with {@code _tributary_}, whose triggers capture installs and
 * removes, so removing capture after the switch leaves a source read-only. Each trigger belongs to
 * an owner (the migration source's target schema, unique in a target), so that two migrations of
 * one file freeze and unfreeze it each on their own. Builds strings only.
 */
public final class SqliteReadOnlyStatementBuilder {
  /** The prefix of every read-only trigger. */
  public static final String TRIGGER_PREFIX = "tributary_readonly_";

  private static final String[][] EVENTS = {{"i", "INSERT"}, {"u", "UPDATE"}, {"d", "DELETE"}};

  private SqliteReadOnlyStatementBuilder() {}

  /**
   * The three triggers {@code owner} puts on {@code table}, each failing a write with {@code
   * message}.
   */
  public static List<String> createTriggers(String owner, String table, String message) {
    List<String> statements = new ArrayList<>();
    for (String[] event : EVENTS) {
      statements.add(
          "CREATE TRIGGER IF NOT EXISTS "
              + Identifiers.quote(triggerName(owner, table, event[0]))
              + " BEFORE "
              + event[1]
              + " ON "
              + Identifiers.quote(table)
              + " BEGIN SELECT RAISE(ABORT, "
              + Identifiers.literal(message)
              + "); END");
    }
    return statements;
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
