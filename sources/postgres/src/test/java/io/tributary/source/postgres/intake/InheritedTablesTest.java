package io.tributary.source.postgres.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TableInheritance;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.sql.TableExtras;
import io.tributary.source.postgres.catalog.PostgresCatalog;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Which inheriting tables stay inheriting in the target ({@link InheritedTables}). */
class InheritedTablesTest {
  private static final PostgresCatalog NO_GENERATED =
      new PostgresCatalog(List.of(), List.of(), List.of(), List.of(), List.of(), Map.of());

  private static ColumnDef column(String name, int key) {
    return new ColumnDef(name, "integer", name, TargetType.INTEGER, key, key == 0);
  }

  private static TableDef table(String name, String target, ColumnDef... columns) {
    return new TableDef("shop", "shop", name, target, name, "t." + name, List.of(columns));
  }

  private static final TableDef PARENT =
      table("payments", "shop_app", column("id", 1), column("amount", 0)).withOwnRowsOnly(true);
  private static final TableDef CHILD =
      table("payments_2025", "shop_app", column("id", 1), column("amount", 0), column("note", 0))
          .withInheritance(new TableInheritance(List.of("payments"), List.of("id", "amount")));

  private static PostgresTableRules.Shaped shaped(
      List<TableDef> tables, Map<String, TableExtras> extras) {
    return new PostgresTableRules.Shaped(tables, List.of(), extras, List.of());
  }

  @Test
  @DisplayName(
      "A hierarchy the plan leaves as it is stays: the child inherits, the parent reads ONLY")
  void kept() {
    PostgresTableRules.Shaped out =
        InheritedTables.kept(shaped(List.of(PARENT, CHILD), Map.of()), NO_GENERATED);
    assertThat(out.tables()).containsExactly(PARENT, CHILD);
    assertThat(out.notes()).isEmpty();
  }

  @Test
  @DisplayName(
      "A child whose parent the plan moves, excludes or reshapes arrives as a table of its own,"
          + " named in a note, and its parent is read whole again")
  void refused() {
    PostgresTableRules.Shaped moved =
        InheritedTables.kept(
            shaped(List.of(PARENT.withTargetSchema("elsewhere"), CHILD), Map.of()), NO_GENERATED);
    assertThat(moved.tables().get(1).inheritance()).isNull();
    assertThat(moved.tables().get(0).ownRowsOnly()).isFalse();
    assertThat(moved.notes())
        .singleElement()
        .asString()
        .contains("shop.payments_2025", "not inheriting", "in schema elsewhere");

    PostgresTableRules.Shaped excluded =
        InheritedTables.kept(shaped(List.of(CHILD), Map.of()), NO_GENERATED);
    assertThat(excluded.tables().get(0).inheritance()).isNull();
    assertThat(excluded.notes()).singleElement().asString().contains("is not migrated");

    TableDef renamed =
        PARENT.withColumns(
            List.of(
                column("id", 1),
                new ColumnDef("amount", "integer", "total", TargetType.INTEGER, 0, true)));
    assertThat(
            InheritedTables.kept(shaped(List.of(renamed, CHILD), Map.of()), NO_GENERATED).notes())
        .singleElement()
        .asString()
        .contains("renames columns of payments");

    TableExtras check = new TableExtras(Map.of(), List.of(), List.of("amount > 0"), List.of());
    assertThat(
            InheritedTables.kept(
                    shaped(List.of(PARENT, CHILD), Map.of("payments", check)), NO_GENERATED)
                .notes())
        .singleElement()
        .asString()
        .contains("adds columns, defaults or checks to payments");

    TableDef leftOut = CHILD.withColumns(List.of(column("id", 1), column("note", 0)));
    assertThat(
            InheritedTables.kept(shaped(List.of(PARENT, leftOut), Map.of()), NO_GENERATED).notes())
        .singleElement()
        .asString()
        .contains("leaves out its inherited column amount");
  }
}
