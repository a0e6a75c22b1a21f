package io.tributary.common.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a target table gets beyond its migrated columns, from the plan: column defaults, extra
 * columns, CHECK constraints, and the foreign keys that finalize creates after the load.
 *
 * @param defaults SQL default expression by target column name
 * @param extraColumns target columns that no source column fills (they take their default)
 * @param checks CHECK constraint expressions
 * @param foreignKeys foreign keys of the table, by target names
 */
public record TableExtras(
    Map<String, String> defaults,
    List<ExtraColumn> extraColumns,
    List<String> checks,
    List<ForeignKeyDef> foreignKeys) {
  /** No extras. */
  public static final TableExtras NONE = new TableExtras(Map.of(), List.of(), List.of(), List.of());

  public TableExtras {
    defaults = Map.copyOf(defaults);
    extraColumns = List.copyOf(extraColumns);
    checks = List.copyOf(checks);
    foreignKeys = List.copyOf(foreignKeys);
  }

  /**
   * A target column no source column fills: the plan's, or a source's generated column (its {@code
   * sql} then ends with {@code GENERATED ALWAYS AS (...) STORED}), which apply never writes.
   *
   * @param name its name
   * @param sql its type's spelling
   * @param defaultSql its default expression, null for none (NULL)
   * @param after the target column it follows (a source's generated column keeps its place); null:
   *     after the migrated columns
   */
  public record ExtraColumn(String name, String sql, String defaultSql, String after) {
    /** A column after the migrated ones. */
    public ExtraColumn(String name, String sql, String defaultSql) {
      this(name, sql, defaultSql, null);
    }
  }

  /** These extras with more columns. */
  public TableExtras withColumns(List<ExtraColumn> more) {
    List<ExtraColumn> columns = new ArrayList<>(extraColumns);
    columns.addAll(more);
    return new TableExtras(defaults, columns, checks, foreignKeys);
  }

  /**
   * {@code column REFERENCES refSchema.refTable (refColumn)}, by target names.
   *
   * @param column the referencing column
   * @param refSchema the referenced table's schema
   * @param refTable the referenced table
   * @param refColumn the referenced column
   */
  public record ForeignKeyDef(String column, String refSchema, String refTable, String refColumn) {}
}
