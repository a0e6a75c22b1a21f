package io.tributary.source.sqlite.catalog;

import io.tributary.common.catalog.ColumnDef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits a SQLite table into rowid ranges, so that a large table can be read on several connections
 * at once (one per processor). Reads only; builds no SQL from raw names (the caller passes the
 * table's quoted name).
 */
public final class SqliteRowidRanges {
  /** The condition selecting one range's rows; bind {@link Range#from} then {@link Range#to}. */
  public static final String CONDITION = "_rowid_ > ? AND _rowid_ <= ?";

  /** Rowids in (from, to]. */
  public record Range(long from, long to) {}

  private static final Set<String> ROWID_ALIASES = Set.of("rowid", "_rowid_", "oid");

  private SqliteRowidRanges() {}

  /**
   * At most {@code parts} ranges covering every row of the table, in rowid order; an empty list
   * when the table is not worth splitting (fewer than {@code minRowids} rowids, {@code parts} below
   * 2) or cannot be split (a WITHOUT ROWID table, a column named like the rowid, an empty table).
   *
   * @param quotedTable the table's name, quoted ({@code "main"."t"} or {@code "t"})
   * @param columns the table's columns (a column named rowid, _rowid_ or oid hides the rowid)
   */
  public static List<Range> split(
      Connection connection,
      String quotedTable,
      List<ColumnDef> columns,
      int parts,
      long minRowids) {
    if (parts < 2) {
      return List.of();
    }
    long[] span = span(connection, quotedTable, columns);
    if (span == null || span[1] - span[0] < minRowids) {
      return List.of();
    }
    long step = (span[1] - span[0]) / parts + 1;
    List<Range> ranges = new ArrayList<>(parts);
    for (long from = span[0] - 1; from < span[1]; from += step) {
      ranges.add(new Range(from, Math.min(from + step, span[1])));
    }
    return ranges;
  }

  /**
   * Ranges of at most {@code maxRowids} rowids covering every row of the table, in rowid order, the
   * first open below and the last open above (a row inserted after the span was read is in one); an
   * empty list when the table has no more than {@code maxRowids} rowids or cannot be split.
   */
  public static List<Range> chunks(
      Connection connection, String quotedTable, List<ColumnDef> columns, long maxRowids) {
    long[] span = span(connection, quotedTable, columns);
    if (span == null || span[1] - span[0] < maxRowids) {
      return List.of();
    }
    List<Range> ranges = new ArrayList<>();
    for (long from = span[0] - 1; from < span[1]; from += maxRowids) {
      long to = from + maxRowids >= span[1] ? Long.MAX_VALUE : from + maxRowids;
      ranges.add(new Range(ranges.isEmpty() ? Long.MIN_VALUE : from, to));
    }
    return ranges;
  }

  /** The table's first and last rowid, or null when it has none to split by. */
  private static long[] span(Connection connection, String quotedTable, List<ColumnDef> columns) {
    for (ColumnDef column : columns) {
      if (ROWID_ALIASES.contains(column.name().toLowerCase(Locale.ROOT))) {
        return null;
      }
    }
    try (PreparedStatement st =
            // two subqueries: SQLite answers each from the b-tree's ends, but min and max in one
            // query by a scan
            connection.prepareStatement(
                "SELECT (SELECT min(_rowid_) FROM "
                    + quotedTable
                    + "), (SELECT max(_rowid_) FROM "
                    + quotedTable
                    + ")");
        ResultSet rs = st.executeQuery()) {
      rs.next();
      long min = rs.getLong(1);
      if (rs.wasNull()) {
        return null;
      }
      return new long[] {min, rs.getLong(2)};
    } catch (SQLException e) {
      return null; // WITHOUT ROWID
    }
  }
}
