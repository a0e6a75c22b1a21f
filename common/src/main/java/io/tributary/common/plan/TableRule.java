package io.tributary.common.plan;

import java.util.List;
import java.util.Map;

/**
 * A plan's rules for one source table.
 *
 * @param key key rule, may be null
 * @param columns rules per source column name
 * @param checks CHECK constraint expressions added to the target table
 * @param schema the target schema of this table when it is not its source's (PostgreSQL sources);
 *     null: the schema its source schema maps to
 */
public record TableRule(
    KeyRule key, Map<String, ColumnRule> columns, List<String> checks, String schema) {
  public TableRule {
    columns = columns == null ? Map.of() : Map.copyOf(columns);
    checks = checks == null ? List.of() : List.copyOf(checks);
  }

  /** A rule without its own target schema. */
  public TableRule(KeyRule key, Map<String, ColumnRule> columns, List<String> checks) {
    this(key, columns, checks, null);
  }
}
