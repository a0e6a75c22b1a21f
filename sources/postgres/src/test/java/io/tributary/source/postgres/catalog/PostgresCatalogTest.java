package io.tributary.source.postgres.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.EnumDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostgresCatalogTest {
  private static final EnumDef MOOD =
      new EnumDef("public", "Mood", "app", "Mood", List.of("happy", "sad"));
  private static final EnumDef LEVEL = new EnumDef("public", "level", "app", "level", List.of("a"));
  private static final EnumDef UNUSED = new EnumDef("public", "old", "app", "old", List.of("x"));

  private static TableDef table(String name, ColumnDef... extra) {
    List<ColumnDef> columns = new ArrayList<>();
    columns.add(new ColumnDef("id", "integer", "id", TargetType.INTEGER, 1, false));
    columns.addAll(List.of(extra));
    return new TableDef("src", "public", name, "app", name, "t." + name, columns);
  }

  @Test
  void withoutDropsTheTablesAndTheEnumsOnlyTheyUsed() {
    TableDef users =
        table(
            "users",
            new ColumnDef(
                "moods",
                "\"Mood\"[]",
                "moods",
                TargetType.ARRAY,
                0,
                true,
                "\"app\".\"Mood\"[]",
                TargetType.ENUM,
                null));
    TableDef audit =
        table(
            "audit_log",
            new ColumnDef(
                "level",
                "level",
                "level",
                TargetType.ENUM,
                0,
                true,
                "\"app\".\"level\"",
                null,
                null));
    PostgresCatalog catalog =
        new PostgresCatalog(List.of(users, audit), List.of(MOOD, LEVEL, UNUSED), List.of("w"));

    PostgresCatalog kept = catalog.without(t -> t.sourceTable().equals("audit_log"));

    assertThat(kept.tables()).containsExactly(users);
    assertThat(kept.enums()).containsExactly(MOOD);
    assertThat(kept.warnings()).containsExactly("w");
    assertThat(catalog.without(t -> false).enums()).containsExactly(MOOD, LEVEL);
  }
}
