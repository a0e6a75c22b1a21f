package io.tributary.source.spi.validate;

import io.tributary.common.validation.ValidationResult;

/**
 * Identifies a validated table: the migration, the plan's source name and the source table.
 *
 * @param migration the migration id
 * @param source the plan's source name
 * @param table the source table name
 */
public record TableKey(String migration, String source, String table) {

  /** The table a result is about. */
  public static TableKey of(ValidationResult result) {
    return new TableKey(result.migration(), result.source(), result.table());
  }

  /** {@code <migration>/<source>/<table>}: the Kafka key of its results. */
  @Override
  public String toString() {
    return migration + "/" + source + "/" + table;
  }
}
