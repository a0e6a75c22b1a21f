package io.tributary.source.postgres.fallback;

import io.tributary.common.naming.Identifiers;
import java.util.List;
import java.util.StringJoiner;

/**
 * The SQL the fallback window's write-back runs in a PostgreSQL source: upserts, updates and
 * deletes by key, updates and deletes of one row found by all its values, the reads of a key
 * column's values and of the columns it must not write, and the session settings it writes under.
 * Every identifier is quoted; every value is a parameter, bound as text of unspecified type and
 * cast to the column's own source type ({@code CAST(? AS character varying(255))}, an enum, a
 * domain, an array, {@code vector(3)}), so PostgreSQL parses it as the column's type. The type is
 * written into the SQL as the source's own catalog spelled it ({@code format_type}, recorded at
 * provisioning as {@code ColumnDef.sourceType}), never taken from a value. Builds strings only.
 */
public final class PostgresWriteBackStatementBuilder {
  private PostgresWriteBackStatementBuilder() {}

  /**
   * A column written or compared.
   *
   * @param name the source column name
   * @param type the source type as {@code format_type} spells it; blank: no cast (PostgreSQL infers
   *     the type from the column)
   */
  public record Column(String name, String type) {
    String parameter() {
      return type == null || type.isBlank() ? "?" : "CAST(? AS " + type + ")";
    }

    String quoted() {
      return Identifiers.quote(name);
    }
  }

  /**
   * A source table updates and deletes reach: {@code "s"."t"}, or {@code ONLY "s"."t"} for a table
   * other tables inherit from (without {@code ONLY}, PostgreSQL would reach their rows too).
   *
   * @param schema its schema
   * @param table its name
   * @param ownRowsOnly whether it has inheritance children whose rows are not its own
   */
  public record Relation(String schema, String table, boolean ownRowsOnly) {
    String sql() {
      return (ownRowsOnly ? "ONLY " : "") + Identifiers.qualified(schema, table);
    }
  }

  /** How a column of a row identified by all its values is compared. */
  public enum Comparison {
    /** {@code column IS NOT DISTINCT FROM CAST(? AS type)}: types with equality. */
    EQUAL,
    /** As {@code jsonb}: {@code json} has no equality. */
    JSONB,
    /**
     * By their text in the column's type ({@code CAST(column AS text) IS NOT DISTINCT FROM
     * CAST(CAST(? AS type) AS text)}): types without an equality (points, xml, arrays of json).
     */
    TEXT
  }

  /** A column of a row identified by all its values, with how it is compared. */
  public record Match(Column column, Comparison comparison) {
    String condition() {
      String quoted = column.quoted();
      return switch (comparison) {
        case EQUAL -> quoted + " IS NOT DISTINCT FROM " + column.parameter();
        case JSONB -> "CAST(" + quoted + " AS jsonb) IS NOT DISTINCT FROM CAST(? AS jsonb)";
        case TEXT ->
            "CAST("
                + quoted
                + " AS text) IS NOT DISTINCT FROM CAST("
                + column.parameter()
                + " AS text)";
      };
    }
  }

  /**
   * {@code INSERT ... ON CONFLICT (key) DO UPDATE SET} the columns of {@code update} ({@code DO
   * NOTHING} when none): the whole row, whether it exists or not.
   *
   * @param overriding whether a column written is {@code GENERATED ALWAYS AS IDENTITY} ({@code
   *     OVERRIDING SYSTEM VALUE})
   */
  public static String upsert(
      String schema,
      String table,
      List<Column> columns,
      List<String> key,
      List<String> update,
      boolean overriding) {
    StringBuilder sql = new StringBuilder(insert(schema, table, columns, overriding));
    StringJoiner conflict = new StringJoiner(", ", " ON CONFLICT (", ") DO ");
    key.forEach(k -> conflict.add(Identifiers.quote(k)));
    sql.append(conflict);
    if (update.isEmpty()) {
      return sql.append("NOTHING").toString();
    }
    StringJoiner set = new StringJoiner(", ", "UPDATE SET ", "");
    update.forEach(c -> set.add(Identifiers.quote(c) + " = EXCLUDED." + Identifiers.quote(c)));
    return sql.append(set).toString();
  }

  /** {@code INSERT INTO "s"."t" (columns) VALUES (CAST(? AS type), ...)}. */
  public static String insert(
      String schema, String table, List<Column> columns, boolean overriding) {
    if (columns.isEmpty()) {
      return "INSERT INTO " + Identifiers.qualified(schema, table) + " DEFAULT VALUES";
    }
    StringJoiner names = new StringJoiner(", ", " (", ")");
    StringJoiner values = new StringJoiner(", ", " VALUES (", ")");
    for (Column c : columns) {
      names.add(c.quoted());
      values.add(c.parameter());
    }
    return "INSERT INTO "
        + Identifiers.qualified(schema, table)
        + names
        + (overriding ? " OVERRIDING SYSTEM VALUE" : "")
        + values;
  }

  /**
   * {@code UPDATE ... SET column = CAST(? AS type), ... WHERE key = CAST(? AS type) AND ...}; the
   * set values first, then the key's.
   *
   * @param nullSafe compare with {@code IS NOT DISTINCT FROM} (a declared key may hold NULL)
   */
  public static String update(
      Relation table, List<Column> set, List<Column> where, boolean nullSafe) {
    StringJoiner assignments = new StringJoiner(", ");
    set.forEach(c -> assignments.add(c.quoted() + " = " + c.parameter()));
    return "UPDATE " + table.sql() + " SET " + assignments + where(where, nullSafe);
  }

  /** {@code DELETE ... WHERE key = CAST(? AS type) AND ...}. */
  public static String delete(Relation table, List<Column> where, boolean nullSafe) {
    return "DELETE FROM " + table.sql() + where(where, nullSafe);
  }

  /**
   * {@code UPDATE ... SET ... WHERE ctid = (SELECT ctid ... WHERE <every column matches> LIMIT 1)}:
   * one row equal to the old row, so equal rows keep their number. The set values first.
   */
  public static String updateMatching(Relation table, List<Column> set, List<Match> match) {
    StringJoiner assignments = new StringJoiner(", ");
    set.forEach(c -> assignments.add(c.quoted() + " = " + c.parameter()));
    return "UPDATE "
        + table.sql()
        + " SET "
        + assignments
        + " WHERE ctid = ("
        + selectMatching(table, match)
        + ")";
  }

  /** {@code DELETE ... WHERE ctid = (SELECT ctid ... LIMIT 1)}: one row equal to the old row. */
  public static String deleteMatching(Relation table, List<Match> match) {
    return "DELETE FROM " + table.sql() + " WHERE ctid = (" + selectMatching(table, match) + ")";
  }

  /** {@code SELECT ctid ... WHERE <every column matches> LIMIT 1}: whether such a row exists. */
  public static String selectMatching(Relation table, List<Match> match) {
    StringJoiner conditions = new StringJoiner(" AND ", " WHERE ", "");
    match.forEach(m -> conditions.add(m.condition()));
    return "SELECT ctid FROM "
        + table.sql()
        + (match.isEmpty() ? "" : conditions.toString())
        + " LIMIT 1";
  }

  /** {@code SELECT CAST(column AS text) FROM ... WHERE column IS NOT NULL}: every key value. */
  public static String selectKeyText(String schema, String table, String column) {
    String quoted = Identifiers.quote(column);
    return "SELECT CAST("
        + quoted
        + " AS text) FROM "
        + Identifiers.qualified(schema, table)
        + " WHERE "
        + quoted
        + " IS NOT NULL";
  }

  /**
   * Moves the sequence of a serial or identity column past the column's highest value (never back):
   * rows written back with the target's keys would otherwise collide with the application's next
   * inserts after a fallback. Does nothing for a column without a sequence or an empty table.
   */
  public static String sequencePastHighest(String schema, String table, String column) {
    return "SELECT setval(q.seq, greatest(q.mx, coalesce(pg_sequence_last_value(q.seq::regclass),"
        + " q.mx))) FROM (SELECT pg_get_serial_sequence("
        + Identifiers.literal(Identifiers.qualified(schema, table))
        + ", "
        + Identifiers.literal(column)
        + ") AS seq, (SELECT max("
        + Identifiers.quote(column)
        + ") FROM "
        + Identifiers.qualified(schema, table)
        + ")::bigint AS mx) q WHERE q.seq IS NOT NULL AND q.mx IS NOT NULL";
  }

  /**
   * The generated columns ({@code GENERATED ALWAYS AS (...) STORED}) of a schema's tables, which
   * take no value: {@code relname, attname}. One parameter: the schema.
   */
  public static String generatedColumns() {
    return "SELECT c.relname, a.attname FROM pg_attribute a"
        + " JOIN pg_class c ON c.oid = a.attrelid"
        + " JOIN pg_namespace n ON n.oid = c.relnamespace"
        + " WHERE n.nspname = ? AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated <> ''";
  }

  /**
   * The ordinary tables of a schema that other tables inherit from ({@code INHERITS}; a partitioned
   * table's rows are its partitions', reached through it): {@code relname}. One parameter: the
   * schema.
   */
  public static String inheritanceParents() {
    return "SELECT DISTINCT c.relname FROM pg_inherits i"
        + " JOIN pg_class c ON c.oid = i.inhparent"
        + " JOIN pg_namespace n ON n.oid = c.relnamespace"
        + " WHERE n.nspname = ? AND c.relkind = 'r'";
  }

  /**
   * Undoes the freeze's read-only default for this session (the freeze sets {@code
   * default_transaction_read_only} on the applications' roles).
   */
  public static String writable() {
    return "SET default_transaction_read_only = off";
  }

  /**
   * Rows land as the target has them: the applications' triggers and the foreign keys' checks and
   * cascades do not fire (what a cascade did on the target comes as changes of its own). Needs a
   * superuser (or, from PostgreSQL 15, the privilege to set it).
   */
  public static String replicaRole() {
    return "SET session_replication_role = replica";
  }

  /** Times read as text (a key's originals) in UTC, as capture's values are. */
  public static String utc() {
    return "SET TimeZone = 'UTC'";
  }

  /** How long a statement waits on the applications' locks before the batch fails. */
  public static String lockTimeout(long millis) {
    return "SET lock_timeout = " + Math.max(1, millis);
  }

  private static String where(List<Column> columns, boolean nullSafe) {
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("a row is found by at least one column");
    }
    StringJoiner conditions = new StringJoiner(" AND ", " WHERE ", "");
    for (Column c : columns) {
      conditions.add(c.quoted() + (nullSafe ? " IS NOT DISTINCT FROM " : " = ") + c.parameter());
    }
    return conditions.toString();
  }
}
