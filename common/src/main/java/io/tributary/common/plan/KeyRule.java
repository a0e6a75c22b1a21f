package io.tributary.common.plan;

import java.util.List;

/**
 * How a table's key is carried into the target.
 *
 * @param column the key column (null: the source's declared primary key)
 * @param strategy {@code keep} (default) or {@code uuid5}
 * @param columns for a table without a primary key: the columns that identify a row (NOT NULL, in
 *     key order); empty: the source's primary key, else a unique index of the source over NOT NULL
 *     columns
 */
public record KeyRule(String column, String strategy, List<String> columns) {
  public static final String KEEP = "keep";
  public static final String UUID5 = "uuid5";

  public KeyRule {
    columns = columns == null ? List.of() : List.copyOf(columns);
  }

  /** A rule for a single key column (or the declared key) and a strategy. */
  public KeyRule(String column, String strategy) {
    this(column, strategy, List.of());
  }
}
