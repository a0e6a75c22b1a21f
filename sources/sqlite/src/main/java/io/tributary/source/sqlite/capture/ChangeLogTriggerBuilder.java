package io.tributary.source.sqlite.capture;

import static io.tributary.source.sqlite.capture.ChangeLogStatementBuilder.LOG;
import static io.tributary.source.sqlite.capture.ChangeLogStatementBuilder.NOW_MS;
import static io.tributary.source.sqlite.capture.ChangeLogStatementBuilder.PREFIX;
import static io.tributary.source.sqlite.capture.ChangeLogStatementBuilder.entry;
import static io.tributary.source.sqlite.capture.ChangeLogStatementBuilder.keyExpression;
import static io.tributary.source.sqlite.capture.ChangeLogStatementBuilder.keyOf;
import static io.tributary.source.sqlite.capture.ChangeLogStatementBuilder.valueExpression;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.naming.Identifiers;
import io.tributary.source.sqlite.capture.ChangeLogStatementBuilder.Trigger;
import io.tributary.source.sqlite.catalog.SqliteRowid;
import io.tributary.source.sqlite.vtab.FullTextTable;
import io.tributary.source.sqlite.vtab.Vec0Table;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Builds the triggers of SQLite change capture (no I/O here): on a captured table, or on the shadow
 * tables of a virtual one, each appending one entry per changed row to the change log ({@link
 * ChangeLogStatementBuilder}, which also lists and drops them). Their names start with {@code
 * _tributary_} ({@link #triggerName}).
 */
public final class ChangeLogTriggerBuilder {
  private ChangeLogTriggerBuilder() {}

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
    String tbl = Identifiers.sqliteLiteral(name);
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
    String tbl = Identifiers.sqliteLiteral(name);
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
   * no trigger sees: capture finds it by the chunks' hashes and logs it ({@link
   * ChangeLogStatementBuilder#logVec0Update}).
   */
  public static List<Trigger> triggers(TableDef table, Vec0Table vec) {
    String tbl = Identifiers.sqliteLiteral(table.sourceTable());
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
   * The triggers of a full-text table whose text is migrated (a full-text table cannot have
   * triggers of its own): on its content shadow table, which the full-text module writes with SQL,
   * each logging the full-text table's name and the row's rowid.
   */
  public static List<Trigger> triggers(TableDef table, FullTextTable fts) {
    String tbl = Identifiers.sqliteLiteral(table.sourceTable());
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
