package io.tributary.common.plan;

import java.util.List;
import java.util.Map;

/**
 * A plan's rules for one source table.
 *
 * @param key key rule, may be null
 * @param columns rules per source column name
 * @param checks CHECK constraint expressions added to the target table
 * @param schema the target schema of this table when it is not its source's; null: the schema its
 *     source (schema) maps to
 * @param fulltext full-text search to build on the target, or null
 */
public record TableRule(
    KeyRule key,
    Map<String, ColumnRule> columns,
    List<String> checks,
    String schema,
    FullTextRule fulltext) {
  public TableRule {
    columns = columns == null ? Map.of() : Map.copyOf(columns);
    checks = checks == null ? List.of() : List.copyOf(checks);
  }

  /** A rule without full-text search. */
  public TableRule(
      KeyRule key, Map<String, ColumnRule> columns, List<String> checks, String schema) {
    this(key, columns, checks, schema, null);
  }

  /** A rule without its own target schema nor full-text search. */
  public TableRule(KeyRule key, Map<String, ColumnRule> columns, List<String> checks) {
    this(key, columns, checks, null, null);
  }
}
