package io.tributary.source.postgres.intake;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.sql.TableExtras;
import io.tributary.source.postgres.catalog.PostgresCatalog;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Keeps a table inheriting from others ({@code INHERITS}) so in the target only where the plan lets
 * the hierarchy stand as the source has it: each parent migrated into the same target schema, no
 * column renamed or left out in any of them, no column, default or check added by the plan and no
 * generated column (PostgreSQL would merge or refuse them across the hierarchy). Otherwise the
 * table arrives as one of its own, with a note saying why. A parent is read, updated and deleted
 * with {@code ONLY} while a kept child inherits from it; one left with none is a plain table.
 */
final class InheritedTables {
  private InheritedTables() {}

  /** The shaped tables, an inheriting one made plain where the hierarchy cannot stand. */
  static PostgresTableRules.Shaped kept(PostgresTableRules.Shaped shaped, PostgresCatalog catalog) {
    List<TableDef> tables = new ArrayList<>();
    List<String> notes = new ArrayList<>(shaped.notes());
    Set<String> parentsKept = new HashSet<>();
    for (TableDef table : shaped.tables()) {
      if (table.inheritance() == null) {
        tables.add(table);
        continue;
      }
      String refused = refusal(table, shaped, catalog);
      if (refused == null) {
        tables.add(table);
        table
            .inheritance()
            .parents()
            .forEach(p -> parentsKept.add(table.sourceSchema() + '\0' + p));
      } else {
        tables.add(table.withInheritance(null));
        notes.add(
            "table "
                + table.qualifiedSourceName()
                + " arrives as a table of its own, not inheriting (its inherited columns its own): "
                + refused);
      }
    }
    List<TableDef> out = new ArrayList<>();
    for (TableDef table : tables) {
      boolean parent = parentsKept.contains(table.sourceSchema() + '\0' + table.sourceTable());
      out.add(table.ownRowsOnly() == parent ? table : table.withOwnRowsOnly(parent));
    }
    return new PostgresTableRules.Shaped(out, shaped.enums(), shaped.extras(), notes);
  }

  /** Why a table cannot be made inheriting its parents in the target, or null. */
  private static String refusal(
      TableDef child, PostgresTableRules.Shaped shaped, PostgresCatalog catalog) {
    Set<String> parentColumns = new HashSet<>();
    List<TableDef> hierarchy = new ArrayList<>(List.of(child));
    for (String name : child.inheritance().parents()) {
      TableDef parent =
          shaped.tables().stream()
              .filter(
                  t ->
                      t.sourceSchema().equals(child.sourceSchema()) && t.sourceTable().equals(name))
              .findFirst()
              .orElse(null);
      if (parent == null) {
        return "its parent " + child.sourceSchema() + "." + name + " is not migrated";
      }
      if (!parent.targetSchema().equals(child.targetSchema())) {
        return "the plan puts its parent "
            + name
            + " in schema "
            + parent.targetSchema()
            + ", and it in "
            + child.targetSchema();
      }
      parent.columns().forEach(c -> parentColumns.add(c.name()));
      hierarchy.add(parent);
    }
    for (String inherited : child.inheritance().inheritedColumns()) {
      if (!parentColumns.contains(inherited)
          || child.columns().stream().noneMatch(c -> c.name().equals(inherited))) {
        return "the plan leaves out its inherited column " + inherited;
      }
    }
    for (TableDef table : hierarchy) {
      if (table.columns().stream().anyMatch(c -> !c.name().equals(c.targetName()))) {
        return "the plan renames columns of " + table.sourceTable();
      }
      TableExtras extras = shaped.extras().getOrDefault(table.sourceTable(), TableExtras.NONE);
      if (!extras.extraColumns().isEmpty()
          || !extras.defaults().isEmpty()
          || !extras.checks().isEmpty()) {
        return "the plan adds columns, defaults or checks to " + table.sourceTable();
      }
      if (!catalog.generatedColumns(table).isEmpty()) {
        return table.sourceTable()
            + " has generated columns, which PostgreSQL merges across the hierarchy";
      }
    }
    return null;
  }
}
