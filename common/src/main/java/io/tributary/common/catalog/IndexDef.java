package io.tributary.common.catalog;

import java.util.List;

/**
 * A secondary index or unique constraint of a source table, by source names.
 *
 * @param table the source table
 * @param name the source index name
 * @param unique whether it enforces uniqueness
 * @param columns the indexed source columns, in order
 * @param nullsNotDistinct a unique index that counts NULLs as equal (PostgreSQL 15's {@code UNIQUE
 *     NULLS NOT DISTINCT}): two rows whose columns are NULL in the same places collide
 */
public record IndexDef(
    String table, String name, boolean unique, List<String> columns, boolean nullsNotDistinct) {
  public IndexDef {
    columns = List.copyOf(columns);
  }

  /** An index whose NULLs are distinct (the SQL default). */
  public IndexDef(String table, String name, boolean unique, List<String> columns) {
    this(table, name, unique, columns, false);
  }
}
