package io.tributary.cdc.apply;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.sql.TableDdlBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which rows keep a bulk-loaded table's key from being built, and why: the rows of different source
 * rows that meet on one target key (all but the one written last), and the rows whose key is too
 * large for an index row. Each becomes a reject of its record (partition, offset, key) with a
 * reason naming the key, its columns and PostgreSQL's error. Decides on rows already read ({@link
 * KeyBuildStatements}); touches nothing.
 */
final class KeyRefusals {
  /** The most an index row of a btree holds on 8 kB pages (btree version 4), when not named. */
  static final int BTREE_MAX = 2704;

  private static final Pattern MAXIMUM = Pattern.compile("btree version \\d+ maximum (\\d+)");
  private static final Pattern TUPLE = Pattern.compile("tuple (\\(\\d+,\\d+\\))");

  private KeyRefusals() {}

  /**
   * A row of a bulk-loaded table, as {@link KeyBuildStatements} reads it.
   *
   * @param ctid where it is, {@code (block,item)}
   * @param partition the Kafka partition of its record
   * @param offset the Kafka offset of its record
   * @param recordKey its record's key (the source row's identity, as capture wrote it)
   * @param json its columns as JSON
   * @param keyValues its key's values, {@code (a,b)}
   */
  record LoadedRow(
      String ctid,
      int partition,
      long offset,
      String recordKey,
      String json,
      String keyValues,
      int place) {
    /** How many columns of a read row this takes. */
    static final int WIDTH = 7;

    static LoadedRow of(Object[] row) {
      return new LoadedRow(
          (String) row[0],
          ((Number) row[1]).intValue(),
          ((Number) row[2]).longValue(),
          (String) row[3],
          (String) row[4],
          (String) row[5],
          row[6] == null ? -1 : ((Number) row[6]).intValue());
    }

    /** Its record's coordinates as a reason names them. */
    String where() {
      return "Kafka partition " + partition + ", offset " + offset;
    }
  }

  /**
   * A row refused.
   *
   * @param row the row
   * @param reason why
   */
  record Refusal(LoadedRow row, String reason) {}

  /**
   * The rows that keep the key from being built because other source rows share their target key:
   * of each group (rows read by {@link KeyBuildStatements#duplicates}, copies of one source row
   * already removed), the row written last stays, the others are refused.
   *
   * @param rows read rows: a {@link LoadedRow}, then its group's number
   * @param error PostgreSQL's refusal of the key, as {@link TargetErrors#describe} gives it
   */
  static List<Refusal> duplicates(TableDef table, List<Object[]> rows, String error) {
    List<Refusal> refused = new ArrayList<>();
    List<LoadedRow> group = new ArrayList<>();
    Object current = null;
    for (Object[] row : rows) {
      Object number = row[LoadedRow.WIDTH];
      if (!group.isEmpty() && !number.equals(current)) {
        refuseAllButLast(table, group, error, refused);
        group.clear();
      }
      current = number;
      group.add(LoadedRow.of(row));
    }
    refuseAllButLast(table, group, error, refused);
    return refused;
  }

  private static void refuseAllButLast(
      TableDef table, List<LoadedRow> group, String error, List<Refusal> refused) {
    if (group.size() < 2) {
      return;
    }
    LoadedRow kept = group.get(0);
    for (LoadedRow row : group) {
      if (compareCtid(row.ctid(), kept.ctid()) > 0) {
        kept = row;
      }
    }
    for (LoadedRow row : group) {
      if (row == kept) {
        continue;
      }
      String other =
          row.recordKey() != null && row.recordKey().equals(kept.recordKey())
              ? "another source row with the same key "
                  + kept.recordKey()
                  + " and other values ("
                  + kept.where()
                  + "; the key's columns are not unique in the source)"
              : "source row " + kept.recordKey() + " (" + kept.where() + ")";
      refused.add(
          new Refusal(
              row,
              keyName(table)
                  + " cannot hold this row: its key "
                  + row.keyValues()
                  + " is also the key of "
                  + other
                  + ", written after it, which stays; PostgreSQL "
                  + error));
    }
  }

  /**
   * The rows whose key is too large for an index row.
   *
   * @param rows read rows: a {@link LoadedRow}, then the size of each key column in key order
   * @param limit the most an index row holds
   * @param error PostgreSQL's refusal of the key, as {@link TargetErrors#describe} gives it
   */
  static List<Refusal> oversized(TableDef table, List<Object[]> rows, int limit, String error) {
    List<ColumnDef> key = table.keyColumns();
    List<Refusal> refused = new ArrayList<>();
    for (Object[] row : rows) {
      long total = 0;
      long largest = -1;
      String largestColumn = null;
      for (int i = 0; i < key.size(); i++) {
        Object size = row[LoadedRow.WIDTH + i];
        long bytes = size == null ? 0 : ((Number) size).longValue();
        total += bytes;
        if (bytes > largest) {
          largest = bytes;
          largestColumn = key.get(i).targetName();
        }
      }
      refused.add(
          new Refusal(
              LoadedRow.of(row),
              keyName(table)
                  + " cannot hold this row: its key takes "
                  + total
                  + " bytes"
                  + (key.size() > 1
                      ? " (column \"" + largestColumn + "\" " + largest + ")"
                      : " (column \"" + largestColumn + "\")")
                  + ", more than the "
                  + limit
                  + " bytes an index row holds; PostgreSQL "
                  + error));
    }
    return refused;
  }

  /**
   * The most an index row of the key holds: as PostgreSQL's btree names it ({@code btree version 4
   * maximum 2704}), else {@link #BTREE_MAX} (the refusal of a row over 8191 bytes, {@code index row
   * requires 10032 bytes, maximum size is 8191}, comes before the btree's and names a larger one).
   */
  static int limit(String message) {
    Matcher m = message == null ? null : MAXIMUM.matcher(message);
    return m != null && m.find() ? Integer.parseInt(m.group(1)) : BTREE_MAX;
  }

  /**
   * The row PostgreSQL's detail names ({@code Index row references tuple (12,3) in relation "t".}),
   * null when it names none.
   */
  static String namedTuple(String detail) {
    Matcher m = detail == null ? null : TUPLE.matcher(detail);
    return m != null && m.find() ? m.group(1) : null;
  }

  /** The key as a reason names it: {@code the key "t_pkey" (a, b)}. */
  static String keyName(TableDef table) {
    return "the key \""
        + TableDdlBuilder.keyName(table)
        + "\" ("
        + String.join(", ", table.keyColumns().stream().map(ColumnDef::targetName).toList())
        + ")";
  }

  /** Orders two {@code ctid}s ({@code (block,item)}) as the table holds them. */
  static int compareCtid(String a, String b) {
    long[] x = parseCtid(a);
    long[] y = parseCtid(b);
    return x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]);
  }

  private static long[] parseCtid(String ctid) {
    String inner = ctid.substring(1, ctid.length() - 1);
    int comma = inner.indexOf(',');
    return new long[] {
      Long.parseLong(inner.substring(0, comma)), Long.parseLong(inner.substring(comma + 1))
    };
  }
}
