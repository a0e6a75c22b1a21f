package io.tributary.source.postgres.catalog;

import io.tributary.common.catalog.EnumDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.plan.PlanError;
import io.tributary.common.plan.QualifiedTable;
import io.tributary.common.plan.SourceSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a PostgreSQL source's catalog must satisfy to be migrated, checked against its plan entry:
 * every excluded table exists (and is dropped), every mapped schema has a table left to migrate,
 * and no two enum types land on the same target name. Pure: reads nothing.
 */
public final class PostgresCatalogRules {
  private PostgresCatalogRules() {}

  /**
   * The outcome of the check.
   *
   * @param kept the catalog without the excluded tables (and the enums only they used)
   * @param errors every problem, each naming its field; empty when the source can be migrated
   */
  public record Checked(PostgresCatalog kept, List<PlanError> errors) {
    public Checked {
      errors = List.copyOf(errors);
    }
  }

  /**
   * Checks a source's catalog.
   *
   * @param source the source as validated (schemas filled in)
   * @param catalog its catalog as read
   * @param path the source's field path, {@code sources[i]}
   * @param schemaField the plan's field that maps a source schema: {@code schema} when the plan
   *     gave {@code schema} alone (or nothing), {@code schemas} when it gave the mapping
   */
  public static Checked check(
      SourceSpec source, PostgresCatalog catalog, String path, String schemaField) {
    List<PlanError> errors = new ArrayList<>();
    Set<QualifiedTable> present = new HashSet<>();
    catalog.tables().forEach(t -> present.add(name(t)));

    Set<QualifiedTable> excluded = new HashSet<>();
    for (int j = 0; j < source.exclude().size(); j++) {
      QualifiedTable table =
          QualifiedTable.resolve(source.exclude().get(j), source.schemas().keySet()).orElse(null);
      if (table == null) {
        continue; // refused by plan validation
      }
      excluded.add(table);
      if (!present.contains(table)) {
        errors.add(
            new PlanError(
                path + ".exclude[" + j + "]",
                "the source has no table "
                    + table
                    + " (names are case-sensitive, as in the source's catalog)"));
      }
    }
    PostgresCatalog kept = catalog.without(t -> excluded.contains(name(t)));

    for (String schema : source.schemas().keySet()) {
      if (kept.tables().stream().noneMatch(t -> t.sourceSchema().equals(schema))) {
        boolean any = catalog.tables().stream().anyMatch(t -> t.sourceSchema().equals(schema));
        errors.add(
            new PlanError(
                schemaField(path, schemaField, schema),
                "source schema '"
                    + schema
                    + "' has no tables to migrate"
                    + (any
                        ? ": every one of its tables is excluded"
                        : " (it does not exist or holds no tables): check the url's database and"
                            + " the schema names (case-sensitive)")
                    + "; map a schema with tables"));
      }
    }

    Map<String, List<EnumDef>> byTarget = new LinkedHashMap<>();
    kept.enums()
        .forEach(e -> byTarget.computeIfAbsent(e.targetSql(), k -> new ArrayList<>()).add(e));
    byTarget.forEach(
        (target, enums) -> {
          if (enums.size() > 1) {
            errors.add(
                new PlanError(
                    path + ".schemas",
                    "enum types "
                        + enums.stream()
                            .map(e -> e.sourceSchema() + "." + e.sourceName())
                            .collect(Collectors.joining(" and "))
                        + " would both be created as "
                        + target
                        + "; map their source schemas to different target schemas"));
          }
        });
    return new Checked(kept, errors);
  }

  /**
   * The field that maps a source schema: {@code sources[i].schema} when the plan gave {@code
   * schema} alone (or nothing), else {@code sources[i].schemas.<schema>}.
   */
  public static String schemaField(String path, String schemaField, String schema) {
    return schemaField.equals("schema") ? path + ".schema" : path + ".schemas." + schema;
  }

  private static QualifiedTable name(TableDef table) {
    return new QualifiedTable(table.sourceSchema(), table.sourceTable());
  }
}
