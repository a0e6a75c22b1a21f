package io.tributary.common.catalog;

import java.util.List;

/**
 * A secondary index or unique constraint of a source table, by source names.
 *
 * @param table the source table
 * @param name the source index name
 * @param unique whether it enforces uniqueness
 * @param columns the indexed source columns, in order
 */
public record IndexDef(String table, String name, boolean unique, List<String> columns) {
  public IndexDef {
    columns = List.copyOf(columns);
  }
}
