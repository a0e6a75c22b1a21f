package io.tributary.common.sql;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.naming.Identifiers;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * SQL that computes, inside PostgreSQL, the same hashes the validator's {@code RowDigester}
 * computes in Java: each value's {@link io.tributary.common.value.RowCanonicalizer canonical form}
 * built with SQL functions, then SHA-256 ({@code sha256()}) of the key's and of the row's canonical
 * text, cut into 64-bit lanes as {@code bigint}s with the same bits. So a comparison can leave the
 * hashing to the database and read three numbers a row (or one row a key-hash range) instead of
 * every value.
 *
 * <p>Only types whose canonical text PostgreSQL can spell exactly have an expression: integers,
 * text and {@code character varying} (lengths counted in code points on both sides), boolean, uuid,
 * bytea, numeric (trailing zeros trimmed; NaN as Java's double), timestamp and timestamptz (epoch
 * seconds and nanoseconds), and the types kept by their text form (that text). Others ({@code
 * real}, {@code double precision}, json, vectors, dates, arrays, enums, {@code character(n)}) have
 * none: tables with such columns are read and hashed in Java. Builds strings only; names go through
 * {@link Identifiers}.
 */
public final class CanonicalSqlBuilder {
  private CanonicalSqlBuilder() {}

  /** True when every given column has a canonical expression. */
  public static boolean supports(List<ColumnDef> columns) {
    return columns.stream().allMatch(c -> canonical(c, "x") != null);
  }

  /**
   * The canonical text of a column's value, or null when PostgreSQL cannot spell it exactly.
   *
   * @param ref the SQL expression of the value (a quoted column name)
   */
  public static String canonical(ColumnDef column, String ref) {
    String value =
        switch (column.targetType()) {
          case BIGINT, INTEGER, SMALLINT -> tagged("I", ref + "::text");
          case TEXT -> isBlankPadded(column) ? null : text(ref);
          case TEXT_FORM -> text("(" + ref + ")::text");
          case BOOLEAN -> "CASE WHEN " + ref + " THEN 'L1:t;' ELSE 'L1:f;' END";
          case UUID -> "'U36:' || " + ref + "::text || ';'";
          case BYTEA -> tagged("B", "encode(" + ref + ", 'hex')");
          case NUMERIC ->
              "CASE WHEN "
                  + ref
                  + " = 'NaN' THEN 'F3:NaN;' ELSE "
                  + tagged("D", "trim_scale(" + ref + ")::text")
                  + " END";
          case TIMESTAMP -> instant("S", ref);
          case TIMESTAMPTZ -> instant("Z", ref);
          default -> null;
        };
    return value == null ? null : "CASE WHEN " + ref + " IS NULL THEN 'N;' ELSE " + value + " END";
  }

  /**
   * The canonical text of the key (key columns in key order; every column for a table identified by
   * its whole rows); null when not expressible.
   */
  public static String keyText(TableDef table) {
    return concat(table.identityColumns());
  }

  /** The canonical text of the row (catalog order); null when not expressible. */
  public static String rowText(TableDef table) {
    return concat(table.columns());
  }

  /**
   * The first 64 bits of the SHA-256 of a text, as a {@code bigint} with the bits of Java's {@code
   * ByteBuffer.getLong()} over the digest ({@code lane} 0), or of the next 8 bytes ({@code lane}
   * 1).
   */
  public static String lane(String text, int lane) {
    return hashLane("sha256(convert_to(" + text + ", 'UTF8'))", lane);
  }

  /** As {@link #lane}, of a digest already computed ({@code bytea}). */
  private static String hashLane(String digest, int lane) {
    return "('x' || encode(substr("
        + digest
        + ", "
        + (1 + 8 * lane)
        + ", 8), 'hex'))::bit(64)::bigint";
  }

  /**
   * {@code SELECT kh, l1, l2 FROM table}: the key hash and the row's two lanes of every row; null
   * when the table's columns are not all expressible. Each row's text is built and hashed once, in
   * a subquery PostgreSQL keeps ({@code OFFSET 0}; it does not share common expressions, so the two
   * lanes taken from one expression hashed the row twice: 12 s of three processes for 2 million
   * rows, 6 s of one this way).
   */
  public static String selectHashes(TableDef table) {
    String row = rowText(table);
    String key = keyText(table);
    if (row == null || key == null) {
      return null;
    }
    return "SELECT "
        + hashLane("k", 0)
        + " AS kh, "
        + hashLane("r", 0)
        + " AS l1, "
        + hashLane("r", 1)
        + " AS l2 FROM (SELECT sha256(convert_to("
        + key
        + ", 'UTF8')) AS k, sha256(convert_to("
        + row
        + ", 'UTF8')) AS r FROM "
        + UpsertStatementBuilder.readFrom(table)
        + " OFFSET 0) AS d";
  }

  /**
   * Per range of the first {@code depth} bits of the key hash: the range's index, its rows and the
   * sums of the lanes (numeric, to be taken mod 2^64); null when not expressible.
   */
  public static String sumsByPrefix(TableDef table, int depth) {
    String hashes = selectHashes(table);
    if (hashes == null) {
      return null;
    }
    String bucket =
        depth == 0 ? "0" : "((kh >> " + (64 - depth) + ") & " + ((1L << depth) - 1) + ")";
    return "SELECT "
        + bucket
        + " AS bucket, count(*), sum(l1), sum(l2) FROM ("
        + hashes
        + ") h GROUP BY 1";
  }

  /**
   * {@code SELECT <every column> FROM table WHERE <key hash> has one of the prefixes}: {@code $1}
   * is an {@code int[]} of prefix lengths, {@code $2} a {@code bigint[]} of the ranges' first
   * hashes, pairwise; null when the key is not expressible.
   *
   * <p>Each row's key hash is computed once (in a subquery the planner keeps), then looked up, for
   * each distinct prefix length, in a hashed set of the ranges' {@code (length, prefix)} pairs: the
   * cost is one SHA-256 a row whatever the number of ranges (testing every range against every row,
   * with the hash recomputed each time, took seconds for a few hundred ranges).
   */
  public static String selectInRanges(TableDef table) {
    String key = keyText(table);
    if (key == null) {
      return null;
    }
    String hash = Identifiers.quote(unusedName(table, "tributary_key_hash"));
    return "SELECT "
        + table.columns().stream()
            .map(ColumnBinding::selectExpression)
            .collect(Collectors.joining(", "))
        + " FROM (SELECT *, "
        + lane(key, 0)
        + " AS "
        + hash
        + " FROM "
        + UpsertStatementBuilder.readFrom(table)
        + " OFFSET 0) AS h"
        + " WHERE EXISTS (SELECT 1 FROM (SELECT DISTINCT u.depth FROM unnest($1::int[]) AS u(depth))"
        + " AS d WHERE d.depth = 0 OR (d.depth, h."
        + hash
        + " >> (64 - d.depth)) IN (SELECT r.depth, r.start >> (64 - r.depth)"
        + " FROM unnest($1::int[], $2::bigint[]) AS r(depth, start)))";
  }

  /** {@code name}, or {@code name_} (and so on) when the table has a column of that name. */
  private static String unusedName(TableDef table, String name) {
    String candidate = name;
    while (true) {
      String taken = candidate;
      if (table.columns().stream().noneMatch(c -> c.targetName().equals(taken))) {
        return candidate;
      }
      candidate += "_";
    }
  }

  private static String concat(List<ColumnDef> columns) {
    StringBuilder out = new StringBuilder();
    for (ColumnDef column : columns) {
      String value = canonical(column, Identifiers.quote(column.targetName()));
      if (value == null) {
        return null;
      }
      out.append(out.isEmpty() ? "" : " || ").append(value);
    }
    return out.isEmpty() ? "''" : out.toString();
  }

  /** {@code <tag><length>:<text>;} for text of ASCII characters only. */
  private static String tagged(String tag, String text) {
    return "'" + tag + "' || length(" + text + ") || ':' || " + text + " || ';'";
  }

  /** Text with its length in code points ({@code length()}), as {@code RowCanonicalizer} counts. */
  private static String text(String ref) {
    return "'T' || length(" + ref + ") || ':' || " + ref + " || ';'";
  }

  /** Seconds since 1970 and nanoseconds, or {@code infinity}/{@code -infinity}. */
  private static String instant(String tag, String ref) {
    String epoch = "extract(epoch FROM " + ref + ")";
    String text =
        "floor("
            + epoch
            + ")::bigint::text || '.' || (("
            + epoch
            + " - floor("
            + epoch
            + ")) * 1000000000)::bigint::text";
    String infinite = "CASE WHEN " + ref + " > 'epoch' THEN 'infinity' ELSE '-infinity' END";
    return "CASE WHEN isfinite("
        + ref
        + ") THEN "
        + tagged(tag, text)
        + " ELSE "
        + tagged(tag, infinite)
        + " END";
  }

  /**
   * {@code character(n)}, or the one-byte {@code "char"}: text PostgreSQL does not keep as given.
   */
  private static boolean isBlankPadded(ColumnDef column) {
    String sql = column.targetSql() == null ? "" : column.targetSql().toLowerCase(Locale.ROOT);
    return ColumnBinding.blankPadded(column) || sql.startsWith("\"char\"");
  }

  /** For messages: which columns keep a table from being hashed in the database. */
  public static String unsupported(List<ColumnDef> columns) {
    return columns.stream()
        .filter(c -> canonical(c, "x") == null)
        .map(c -> c.targetName() + " " + c.targetSql())
        .collect(Collectors.joining(", "));
  }
}
