package io.tributary.common.catalog;

import java.util.List;

/**
 * A foreign key of a PostgreSQL source between two migrated tables, as finalize re-creates it on
 * the target: every column (composite keys too), its actions ({@code ON UPDATE CASCADE}, {@code ON
 * DELETE SET NULL}), {@code MATCH FULL} and deferrability, with its source name. Column and table
 * names are the target's.
 *
 * @param name the constraint's name in the source
 * @param columns the referencing columns, in key order
 * @param refColumns the referenced columns, in the same order
 * @param onUpdate {@code NO ACTION}, {@code RESTRICT}, {@code CASCADE}, {@code SET NULL} or {@code
 *     SET DEFAULT}
 * @param onDelete as {@code onUpdate}
 */
public record PostgresForeignKey(
    String name,
    List<String> columns,
    String refSchema,
    String refTable,
    List<String> refColumns,
    String onUpdate,
    String onDelete,
    boolean matchFull,
    boolean deferrable,
    boolean initiallyDeferred) {
  public PostgresForeignKey {
    columns = List.copyOf(columns);
    refColumns = List.copyOf(refColumns);
  }

  /** The action when none is declared. */
  public static final String NO_ACTION = "NO ACTION";

  /**
   * A single-column key with PostgreSQL's defaults (no action, MATCH SIMPLE, not deferrable), as a
   * plan's {@code references} rule or a SQLite source declares it.
   */
  public static PostgresForeignKey declared(
      String name, String column, String refSchema, String refTable, String refColumn) {
    return new PostgresForeignKey(
        name,
        List.of(column),
        refSchema,
        refTable,
        List.of(refColumn),
        NO_ACTION,
        NO_ACTION,
        false,
        false,
        false);
  }

  /** PostgreSQL's action code ({@code pg_constraint.confupdtype}, {@code confdeltype}) in SQL. */
  public static String action(String code) {
    return switch (code) {
      case "r" -> "RESTRICT";
      case "c" -> "CASCADE";
      case "n" -> "SET NULL";
      case "d" -> "SET DEFAULT";
      default -> NO_ACTION;
    };
  }
}
