package io.tributary.common.plan;

/**
 * A plan's rule for one column; every field is optional.
 *
 * @param name target column name (default: the source name)
 * @param type target PostgreSQL type (default: derived from the source catalog)
 * @param invalid what to do with a value that cannot be cast: {@code reject} (default) or {@code
 *     null}
 * @param references {@code table.column} this column refers to
 * @param defaultValue a SQL default expression for the target column
 */
public record ColumnRule(
    String name, String type, String invalid, String references, String defaultValue) {}
