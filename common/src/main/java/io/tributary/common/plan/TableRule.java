package io.tributary.common.plan;

import java.util.List;
import java.util.Map;

/**
 * A plan's rules for one source table.
 *
 * @param key key rule, may be null
 * @param columns rules per source column name
 * @param checks CHECK constraint expressions added to the target table
 */
public record TableRule(KeyRule key, Map<String, ColumnRule> columns, List<String> checks) {
  public TableRule {
    columns = columns == null ? Map.of() : Map.copyOf(columns);
    checks = checks == null ? List.of() : List.copyOf(checks);
  }
}
