package io.tributary.common.plan;

/**
 * How a table's primary key is carried into the target.
 *
 * @param column the key column (null: the source's declared primary key)
 * @param strategy {@code keep} (default) or {@code uuid5}
 */
public record KeyRule(String column, String strategy) {
  public static final String KEEP = "keep";
  public static final String UUID5 = "uuid5";
}
