package io.tributary.source.sqlite.validate;

import io.tributary.common.catalog.TableDef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Splits a table that has no rowid to range by (a {@code WITHOUT ROWID} table, or one with a column
 * named like the rowid) into ranges of its key, each of at most a given number of rows, so that a
 * rollback-journal file's table is read in short transactions too: the key of every n-th row, in
 * key order, bounds a range. Each bound is found by a read of its own (the reads between bounds are
 * released as the ranges' are), so finding them holds no lock for long either. The first range is
 * open below and the last above: a row inserted after the bounds were read is in one. Only a key
 * that a unique index (the primary key's included) orders is ranged by: a range of any other key,
 * or of a view (a {@code vec0} table's), would be a scan of the whole table each.
 */
final class KeyRanges {
  /** Ends the current read transaction, so that waiting writers go first. */
  @FunctionalInterface
  interface Release {
    void release() throws SQLException;
  }

  private KeyRanges() {}

  /**
   * Ranges of at most {@code rows} rows covering the table, in key order; empty when the table has
   * no more than {@code rows} rows, no key of its own (identified by whole rows) or a key value
   * that is NULL (no range can hold it).
   */
  static List<ReadRange> of(Connection connection, TableDef table, long rows, Release release)
      throws SQLException {
    if (table.wholeRow() || table.keyColumns().isEmpty() || !indexed(connection, table)) {
      return List.of();
    }
    List<Object[]> bounds = new ArrayList<>();
    int keys = table.keyColumns().size();
    try (PreparedStatement first =
            connection.prepareStatement(SqliteStatementBuilder.keyBound(table, false));
        PreparedStatement next =
            connection.prepareStatement(SqliteStatementBuilder.keyBound(table, true))) {
      while (true) {
        PreparedStatement statement = bounds.isEmpty() ? first : next;
        int index = 1;
        if (!bounds.isEmpty()) {
          for (Object value : bounds.get(bounds.size() - 1)) {
            statement.setObject(index++, value);
          }
        }
        statement.setLong(index, rows - 1);
        Object[] bound = null;
        try (ResultSet rs = statement.executeQuery()) {
          if (rs.next()) {
            bound = new Object[keys];
            for (int i = 0; i < keys; i++) {
              bound[i] = rs.getObject(i + 1);
              if (bound[i] == null) {
                return List.of();
              }
            }
          }
        }
        release.release();
        if (bound == null) {
          break;
        }
        bounds.add(bound);
      }
    }
    if (bounds.isEmpty()) {
      return List.of();
    }
    List<ReadRange> ranges = new ArrayList<>(bounds.size() + 1);
    for (int i = 0; i <= bounds.size(); i++) {
      Object[] above = i == 0 ? null : bounds.get(i - 1);
      Object[] upTo = i == bounds.size() ? null : bounds.get(i);
      List<Object> parameters = new ArrayList<>(2 * keys);
      if (above != null) {
        parameters.addAll(Arrays.asList(above));
      }
      if (upTo != null) {
        parameters.addAll(Arrays.asList(upTo));
      }
      ranges.add(
          new ReadRange(
              SqliteStatementBuilder.keyRange(table, above != null, upTo != null), parameters));
    }
    return ranges;
  }

  /** Whether a unique index of the table has exactly its key's columns, in the key's order. */
  private static boolean indexed(Connection connection, TableDef table) throws SQLException {
    List<String> key =
        table.keyColumns().stream().map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
    List<String> unique = new ArrayList<>();
    try (PreparedStatement statement =
        connection.prepareStatement(SqliteStatementBuilder.UNIQUE_INDEXES)) {
      statement.setString(1, table.sourceTable());
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          unique.add(rs.getString(1));
        }
      }
    }
    for (String index : unique) {
      List<String> columns = new ArrayList<>();
      try (PreparedStatement statement =
          connection.prepareStatement(SqliteStatementBuilder.INDEX_COLUMNS)) {
        statement.setString(1, index);
        try (ResultSet rs = statement.executeQuery()) {
          while (rs.next()) {
            columns.add(String.valueOf(rs.getString(1)).toLowerCase(Locale.ROOT));
          }
        }
      }
      if (columns.equals(key)) {
        return true;
      }
    }
    return false;
  }
}
