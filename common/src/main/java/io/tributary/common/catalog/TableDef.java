package io.tributary.common.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Comparator;
import java.util.List;

/**
 * One captured table: where it comes from, where it goes, which topic carries it, its columns.
 *
 * @param source the plan's source name
 * @param sourceSchema the source schema ({@code main} for SQLite)
 * @param sourceTable the source table name
 * @param targetSchema the target schema
 * @param targetTable the target table name
 * @param topic the Kafka topic of its change events
 * @param columns columns in source order
 */
public record TableDef(
    String source,
    String sourceSchema,
    String sourceTable,
    String targetSchema,
    String targetTable,
    String topic,
    List<ColumnDef> columns) {
  public TableDef {
    columns = List.copyOf(columns);
  }

  /** Key columns in key order. */
  @JsonIgnore
  public List<ColumnDef> keyColumns() {
    return columns.stream()
        .filter(c -> c.keyPosition() > 0)
        .sorted(Comparator.comparingInt(ColumnDef::keyPosition))
        .toList();
  }

  /** {@code source/schema.table}, for messages. */
  @JsonIgnore
  public String qualifiedSourceName() {
    return source + "/" + sourceSchema + "." + sourceTable;
  }

  /** The column with that source name. */
  public ColumnDef column(String name) {
    return columns.stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException("no column " + name + " in " + qualifiedSourceName()));
  }
}
