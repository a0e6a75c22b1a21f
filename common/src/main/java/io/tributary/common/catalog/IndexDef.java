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
 * @param keepsName whether the target index takes the source's name (a PostgreSQL source's: its
 *     names are PostgreSQL's already, and operators, scripts and hints use them); else it is named
 *     {@code <table>_<columns>_idx} / {@code _key}
 */
public record IndexDef(
    String table,
    String name,
    boolean unique,
    List<String> columns,
    boolean nullsNotDistinct,
    boolean keepsName) {
  public IndexDef {
    columns = List.copyOf(columns);
  }

  /** An index named by Tributary in the target. */
  public IndexDef(
      String table, String name, boolean unique, List<String> columns, boolean nullsNotDistinct) {
    this(table, name, unique, columns, nullsNotDistinct, false);
  }

  /** An index whose NULLs are distinct (the SQL default), named by Tributary in the target. */
  public IndexDef(String table, String name, boolean unique, List<String> columns) {
    this(table, name, unique, columns, false);
  }
}
