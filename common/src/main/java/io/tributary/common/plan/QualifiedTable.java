package io.tributary.common.plan;

import java.util.Collection;
import java.util.Optional;

/**
 * A table of a schema-bearing source named as a plan names it: {@code schema.table}, both parts as
 * the source's catalog spells them (no quotes).
 *
 * @param schema the source schema
 * @param table the table's name in it
 */
public record QualifiedTable(String schema, String table) {

  /**
   * Reads {@code schema.table} against the schemas a source migrates: the schema is the part before
   * a dot that names one of them (so schema and table names may themselves hold dots), the table
   * the rest.
   *
   * @return empty when no such split names a known schema with a non-empty table
   */
  public static Optional<QualifiedTable> resolve(String text, Collection<String> schemas) {
    if (text == null) {
      return Optional.empty();
    }
    for (int dot = text.indexOf('.'); dot >= 0; dot = text.indexOf('.', dot + 1)) {
      String schema = text.substring(0, dot);
      String table = text.substring(dot + 1);
      if (!table.isEmpty() && schemas.contains(schema)) {
        return Optional.of(new QualifiedTable(schema, table));
      }
    }
    return Optional.empty();
  }

  /** {@code schema.table} */
  @Override
  public String toString() {
    return schema + "." + table;
  }
}
