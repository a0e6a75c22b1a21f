package io.tributary.source.postgres.intake;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a partitioned table partitioned in the target only where the plan lets its partition key
 * stand as the source spells it: a key column the plan renames or leaves out would make the key
 * name a column the target table lacks, so such a table arrives plain (every partition's rows in
 * it), with a note saying why.
 */
final class PartitionedTables {
  private PartitionedTables() {}

  /**
   * The shaped tables, a partitioned one made plain where its key columns do not keep their names.
   */
  static PostgresTableRules.Shaped kept(PostgresTableRules.Shaped shaped) {
    List<TableDef> tables = new ArrayList<>();
    List<String> notes = new ArrayList<>(shaped.notes());
    for (TableDef table : shaped.tables()) {
      if (table.partitioning() == null) {
        tables.add(table);
        continue;
      }
      List<String> changed = new ArrayList<>();
      for (String key : table.partitioning().keyColumns()) {
        ColumnDef column =
            table.columns().stream().filter(c -> c.name().equals(key)).findFirst().orElse(null);
        if (column == null || !column.targetName().equals(key)) {
          changed.add(key);
        }
      }
      if (changed.isEmpty()) {
        tables.add(table);
      } else {
        tables.add(table.withPartitioning(null));
        notes.add(
            "partitioned table "
                + table.qualifiedSourceName()
                + " arrives as a plain table holding every partition's rows: the plan renames or"
                + " leaves out its partition key column(s) "
                + changed);
      }
    }
    return new PostgresTableRules.Shaped(tables, shaped.enums(), shaped.extras(), notes);
  }
}
