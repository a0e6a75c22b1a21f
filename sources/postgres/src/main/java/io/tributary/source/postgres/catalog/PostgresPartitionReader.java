package io.tributary.source.postgres.catalog;

import io.tributary.common.catalog.TablePartitioning;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the partition trees of a source's declaratively partitioned tables ({@link
 * PostgresCatalogQueries#PARTITION_TREES}), for each to be made partitioned in the target. A tree
 * that cannot be made so — a partition key with an expression, a foreign table among the partitions
 * — leaves its table plain (its rows all in one table), with a warning saying why.
 */
final class PostgresPartitionReader {
  private PostgresPartitionReader() {}

  /** One relation of a tree, as read. */
  private record Row(
      String name, String parent, String kind, String by, String bound, boolean expression) {}

  /**
   * The partitioning of each partitioned table kept partitioned, by {@code schema + '\0' + table};
   * {@code warnings} receives a line per partitioned table.
   */
  static Map<String, TablePartitioning> read(
      Connection connection, Array schemas, List<String> warnings) throws SQLException {
    Map<String, List<Row>> trees = new LinkedHashMap<>();
    Map<String, List<String>> keys = new LinkedHashMap<>();
    try (PreparedStatement st =
        connection.prepareStatement(PostgresCatalogQueries.PARTITION_TREES)) {
      st.setArray(1, schemas);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          String root = rs.getString(1) + '\0' + rs.getString(2);
          Array columns = rs.getArray(8);
          Row row =
              new Row(
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getString(6),
                  rs.getString(7),
                  rs.getBoolean(9));
          if (row.parent() == null && columns != null) {
            keys.put(root, Arrays.asList((String[]) columns.getArray()));
          }
          trees.computeIfAbsent(root, k -> new ArrayList<>()).add(row);
        }
      }
    }
    Map<String, TablePartitioning> kept = new LinkedHashMap<>();
    for (Map.Entry<String, List<Row>> tree : trees.entrySet()) {
      String table = tree.getKey().replace('\0', '.');
      List<Row> rows = tree.getValue();
      Row root = rows.get(0);
      String refused = refusal(rows);
      if (refused != null) {
        warnings.add(
            "partitioned table "
                + table
                + " arrives as a plain table holding every partition's rows: "
                + refused);
        continue;
      }
      List<TablePartitioning.Partition> partitions = new ArrayList<>();
      for (Row row : rows.subList(1, rows.size())) {
        partitions.add(
            new TablePartitioning.Partition(
                row.name(),
                row.parent().equals(root.name()) ? null : row.parent(),
                row.bound(),
                row.by()));
      }
      kept.put(
          tree.getKey(),
          new TablePartitioning(
              root.by(), keys.getOrDefault(tree.getKey(), List.of()), partitions));
      warnings.add(
          "partitioned table "
              + table
              + " is made partitioned in the target (PARTITION BY "
              + root.by()
              + ") with its partitions "
              + String.join(", ", partitions.stream().map(p -> p.name()).toList())
              + "; its rows are captured, loaded and validated through it");
    }
    return kept;
  }

  /** Why a tree cannot be made partitioned in the target, or null. */
  private static String refusal(List<Row> rows) {
    for (Row row : rows) {
      if (row.expression()) {
        return "the partition key of "
            + row.name()
            + " ("
            + row.by()
            + ") has an expression, which Tributary does not carry yet";
      }
      if (!row.kind().equals("r") && !row.kind().equals("p")) {
        return "its partition " + row.name() + " is not a table (relkind " + row.kind() + ")";
      }
    }
    return null;
  }
}
