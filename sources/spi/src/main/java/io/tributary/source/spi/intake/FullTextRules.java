package io.tributary.source.spi.intake;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.plan.FullTextRule;
import io.tributary.common.plan.PlanError;
import io.tributary.common.plan.TableRule;
import io.tributary.common.sql.FinalizeStep;
import io.tributary.common.sql.TableExtras;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies the plan's {@code fulltext} rules to shaped tables: each gets its generated {@code
 * tsvector} column among its extras, and a GIN index among the finalize steps, after the source's
 * indexes ({@link FullTextStatementBuilder}). The searched columns are the rule's, or for a source
 * full-text table read as a table, the columns it indexes. Pure: reads nothing.
 */
public final class FullTextRules {
  private FullTextRules() {}

  /**
   * The outcome.
   *
   * @param extras the extras by source table name, with the generated columns
   * @param finalizeSteps the finalize steps with the GIN indexes
   */
  public record Applied(Map<String, TableExtras> extras, List<FinalizeStep> finalizeSteps) {}

  /**
   * @param path the source's field path, {@code sources[i]}
   * @param tables the shaped tables
   * @param fullText the indexed columns of the source's full-text tables, by table name; may be
   *     empty
   */
  public static Applied apply(
      String path,
      Map<String, TableRule> rules,
      List<TableDef> tables,
      Map<String, List<String>> fullText,
      Map<String, TableExtras> extras,
      List<FinalizeStep> steps,
      List<PlanError> errors) {
    Map<String, TableExtras> outExtras = new LinkedHashMap<>(extras);
    List<FinalizeStep> indexes = new ArrayList<>();
    for (TableDef table : tables) {
      TableRule rule = rules.get(table.sourceTable());
      if (rule == null || rule.fulltext() == null) {
        continue;
      }
      String field = path + ".tables." + table.sourceTable() + ".fulltext";
      FullTextRule fulltext = rule.fulltext();
      List<String> columns = fulltext.columns();
      if (columns.isEmpty() && fullText.containsKey(table.sourceTable())) {
        columns = fullText.get(table.sourceTable());
      }
      if (columns.isEmpty()) {
        errors.add(new PlanError(field + ".columns", "name the columns whose text is searched"));
        continue;
      }
      List<String> targets = new ArrayList<>();
      for (String name : columns) {
        Optional<ColumnDef> column =
            table.columns().stream().filter(c -> c.name().equals(name)).findFirst();
        if (column.isEmpty()) {
          errors.add(
              new PlanError(
                  field + ".columns", "no column '" + name + "' in " + table.sourceTable()));
        } else {
          targets.add(column.get().targetName());
        }
      }
      if (table.columns().stream().anyMatch(c -> c.targetName().equals(fulltext.column()))) {
        errors.add(
            new PlanError(
                field + ".column",
                "'" + fulltext.column() + "' is a column of " + table.sourceTable() + " already"));
        continue;
      }
      if (targets.size() != columns.size()) {
        continue;
      }
      try {
        TableExtras.ExtraColumn generated = FullTextStatementBuilder.column(fulltext, targets);
        TableExtras before = outExtras.getOrDefault(table.sourceTable(), TableExtras.NONE);
        List<TableExtras.ExtraColumn> extraColumns = new ArrayList<>(before.extraColumns());
        extraColumns.add(generated);
        outExtras.put(
            table.sourceTable(),
            new TableExtras(
                before.defaults(), extraColumns, before.checks(), before.foreignKeys()));
        indexes.add(FullTextStatementBuilder.index(table, fulltext));
      } catch (IllegalArgumentException e) {
        errors.add(new PlanError(field + ".language", e.getMessage()));
      }
    }
    return new Applied(outExtras, IndexSteps.insert(steps, indexes));
  }
}
