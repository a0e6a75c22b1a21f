package io.tributary.source.postgres.intake;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.plan.PlanError;
import io.tributary.common.sql.TableExtras;
import io.tributary.source.postgres.catalog.PostgresCatalog;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The source's generated columns made generated in the target, as extra columns of their tables
 * (each after the column it follows in the source), beside the plan's extras. Their expressions
 * name the table's columns by their source names, so a table with generated columns cannot have its
 * columns renamed: that is a plan error naming the table's rule.
 */
final class GeneratedColumnExtras {
  private GeneratedColumnExtras() {}

  /**
   * The extras by source table name, with the generated columns added.
   *
   * @param path the source's field path, {@code sources[i]}
   */
  static Map<String, TableExtras> withGenerated(
      PostgresCatalog catalog,
      PostgresTableRules.Shaped shaped,
      String path,
      List<PlanError> errors) {
    Map<String, TableExtras> out = new HashMap<>(shaped.extras());
    for (TableDef table : shaped.tables()) {
      List<TableExtras.ExtraColumn> generated = catalog.generatedColumns(table);
      if (generated.isEmpty()) {
        continue;
      }
      List<String> renamed =
          table.columns().stream()
              .filter(c -> !c.name().equals(c.targetName()))
              .map(ColumnDef::name)
              .toList();
      if (!renamed.isEmpty()) {
        errors.add(
            new PlanError(
                path + ".tables." + table.sourceTable(),
                "table "
                    + table.qualifiedSourceName()
                    + " has generated columns ("
                    + String.join(
                        ", ", generated.stream().map(TableExtras.ExtraColumn::name).toList())
                    + ") whose expressions name its columns as the source does: its columns "
                    + renamed
                    + " cannot be renamed"));
        continue;
      }
      out.put(
          table.sourceTable(),
          out.getOrDefault(table.sourceTable(), TableExtras.NONE).withColumns(generated));
    }
    return out;
  }
}
