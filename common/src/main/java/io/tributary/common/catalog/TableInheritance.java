package io.tributary.common.catalog;

import java.util.List;

/**
 * How a PostgreSQL source table inherits from others ({@code INHERITS}), kept so in the target: the
 * table is made {@code INHERITS} its parents, which are made before it, and its columns that come
 * from a parent only are not spelled in its {@code CREATE TABLE} (PostgreSQL adds them, as in the
 * source). Each of parent and child is a table of its own everywhere else: captured, loaded,
 * applied and validated with its own rows only ({@link TableDef#ownRowsOnly} on the parents).
 *
 * @param parents the tables it inherits from, in the source's order: their names in the target,
 *     each in the same target schema as the child
 * @param inheritedColumns its columns defined by a parent only ({@code attislocal} false), by
 *     source name
 */
public record TableInheritance(List<String> parents, List<String> inheritedColumns) {
  public TableInheritance {
    parents = List.copyOf(parents);
    inheritedColumns = List.copyOf(inheritedColumns);
  }
}
