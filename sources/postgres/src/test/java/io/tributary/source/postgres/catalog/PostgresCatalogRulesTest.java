package io.tributary.source.postgres.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.EnumDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.plan.PlanError;
import io.tributary.common.plan.SourceKind;
import io.tributary.common.plan.SourceSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PostgresCatalogRulesTest {
  private static SourceSpec source(Map<String, String> schemas, String... exclude) {
    return new SourceSpec(
        "letta",
        SourceKind.POSTGRES,
        null,
        "postgresql://h/d",
        schemas.values().iterator().next(),
        schemas,
        Map.of(),
        List.of(exclude),
        null);
  }

  private static TableDef table(String schema, String name, boolean keyed, ColumnDef... extra) {
    List<ColumnDef> columns = new ArrayList<>();
    columns.add(new ColumnDef("id", "integer", "id", TargetType.INTEGER, keyed ? 1 : 0, !keyed));
    columns.addAll(List.of(extra));
    return new TableDef(
        "letta",
        schema,
        name,
        "t_" + schema,
        name,
        "tributary.m.letta." + schema + "." + name,
        columns);
  }

  private static ColumnDef enumColumn(String targetSql) {
    return new ColumnDef("mood", "mood", "mood", TargetType.ENUM, 0, true, targetSql, null, null);
  }

  @Test
  @DisplayName(
      "Excluded tables are dropped; a keyless one left in is kept, for its row identity to be"
          + " chosen")
  void excludesAndKeepsKeylessTables() {
    TableDef users = table("public", "user", true);
    TableDef audit = table("public", "audit_log", false);
    TableDef events = table("public", "Events", false);
    PostgresCatalog catalog =
        new PostgresCatalog(List.of(audit, events, users), List.of(), List.of());

    PostgresCatalogRules.Checked checked =
        PostgresCatalogRules.check(
            source(Map.of("public", "t_public"), "public.audit_log"),
            catalog,
            "sources[0]",
            "schema");

    assertThat(checked.kept().tables()).containsExactly(events, users);
    assertThat(checked.errors()).isEmpty();
  }

  @Test
  @DisplayName("An excluded table the source lacks is refused on its exclude entry")
  void refusesUnknownExcludedTable() {
    PostgresCatalog catalog =
        new PostgresCatalog(List.of(table("public", "user", true)), List.of(), List.of());

    List<PlanError> errors =
        PostgresCatalogRules.check(
                source(Map.of("public", "t_public"), "public.user", "public.Audit_Log"),
                catalog,
                "sources[2]",
                "schema")
            .errors();

    assertThat(errors).extracting(PlanError::field).contains("sources[2].exclude[1]");
    assertThat(errors.get(0).message())
        .isEqualTo(
            "the source has no table public.Audit_Log (names are case-sensitive, as in the"
                + " source's catalog)");
  }

  @Test
  @DisplayName("A mapped schema without tables left is refused on its mapping")
  void refusesSchemasWithoutTables() {
    Map<String, String> schemas = new LinkedHashMap<>();
    schemas.put("public", "t_public");
    schemas.put("audit", "t_audit");
    schemas.put("Missing", "t_missing");
    PostgresCatalog catalog =
        new PostgresCatalog(
            List.of(table("public", "user", true), table("audit", "log", true)),
            List.of(),
            List.of());

    List<PlanError> errors =
        PostgresCatalogRules.check(source(schemas, "audit.log"), catalog, "sources[0]", "schemas")
            .errors();

    assertThat(errors)
        .extracting(PlanError::field)
        .containsExactly("sources[0].schemas.audit", "sources[0].schemas.Missing");
    assertThat(errors.get(0).message()).contains("every one of its tables is excluded");
    assertThat(errors.get(1).message()).contains("does not exist or holds no tables");
  }

  @Test
  @DisplayName("With schema alone, an empty public schema is refused on schema")
  void emptyPublicWithSchemaAlone() {
    PostgresCatalog catalog = new PostgresCatalog(List.of(), List.of(), List.of());
    assertThat(
            PostgresCatalogRules.check(
                    source(Map.of("public", "t_public")), catalog, "sources[0]", "schema")
                .errors())
        .extracting(PlanError::field)
        .containsExactly("sources[0].schema");
  }

  @Test
  @DisplayName("Two enum types landing on one target name are refused")
  void refusesEnumCollisions() {
    EnumDef a = new EnumDef("public", "mood", "t_public", "mood", List.of("a"));
    EnumDef b = new EnumDef("types", "mood", "t_public", "mood", List.of("b"));
    PostgresCatalog both =
        new PostgresCatalog(
            List.of(
                table("public", "user", true, enumColumn(a.targetSql())),
                table(
                    "public",
                    "other",
                    true,
                    new ColumnDef(
                        "moods",
                        "types.mood[]",
                        "moods",
                        TargetType.ARRAY,
                        0,
                        true,
                        b.targetSql() + "[]",
                        TargetType.ENUM,
                        null))),
            List.of(a, b),
            List.of());
    assertThat(
            PostgresCatalogRules.check(
                    source(Map.of("public", "t_public")), both, "sources[0]", "schema")
                .errors())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.field()).isEqualTo("sources[0].schemas");
              assertThat(e.message())
                  .isEqualTo(
                      "enum types public.mood and types.mood would both be created as"
                          + " \"t_public\".\"mood\"; map their source schemas to different target"
                          + " schemas");
            });
  }
}
