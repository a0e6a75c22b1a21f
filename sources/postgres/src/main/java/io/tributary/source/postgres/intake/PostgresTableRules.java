package io.tributary.source.postgres.intake;

import io.tributary.common.cast.CastPlanner;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.EnumDef;
import io.tributary.common.catalog.IndexDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.plan.PlanError;
import io.tributary.common.plan.QualifiedTable;
import io.tributary.common.plan.SourceSpec;
import io.tributary.common.plan.TableRule;
import io.tributary.common.sql.TableExtras;
import io.tributary.source.spi.intake.RowIdentityResolver;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies a PostgreSQL source's per-table rules ({@code tables:}) to its catalog, as SQLite sources
 * have them: each table's row identity ({@link RowIdentityResolver}), its target schema ({@code
 * schema:}), and the column rules, checks and {@code uuid5} keys of {@link CastPlanner}. A rule
 * names its table as {@code table} or, when several migrated schemas hold that name, {@code
 * schema.table}. Enum types follow their tables: a type whose tables all went to one other target
 * schema is created there. Pure: reads nothing.
 */
public final class PostgresTableRules {
  private PostgresTableRules() {}

  /**
   * The shaped catalog.
   *
   * @param tables the tables with identities, schemas and column rules applied, in catalog order
   * @param enums the enum types, each in the target schema of its tables
   * @param extras the plan's extras by source table name (checks, defaults, extra columns)
   * @param notes what the rules decided, for the operator
   */
  public record Shaped(
      List<TableDef> tables,
      List<EnumDef> enums,
      Map<String, TableExtras> extras,
      List<String> notes) {}

  /**
   * @param source the source as validated
   * @param path its field path, {@code sources[i]}
   * @param tables its tables (excluded ones removed)
   * @param enums the enum types they use
   * @param indexes the source's indexes by source table name
   * @param errors receives every rule that cannot be applied, by plan field
   */
  public static Shaped apply(
      String migration,
      SourceSpec source,
      String path,
      List<TableDef> tables,
      List<EnumDef> enums,
      Map<String, List<IndexDef>> indexes,
      List<PlanError> errors) {
    Map<QualifiedTable, String> ruleNames = ruleNames(source, path, tables, errors);
    List<TableDef> keyed = new ArrayList<>();
    for (TableDef table : tables) {
      QualifiedTable name = new QualifiedTable(table.sourceSchema(), table.sourceTable());
      String ruleName = ruleNames.get(name);
      TableRule rule = ruleName == null ? null : source.tables().get(ruleName);
      String field = path + ".tables." + (ruleName == null ? table.sourceTable() : ruleName);
      RowIdentityResolver.resolve(
              table,
              indexes.getOrDefault(table.sourceTable(), List.of()),
              rule == null ? null : rule.key(),
              field,
              "or list " + name + " under exclude to leave it out",
              null,
              errors)
          .map(t -> rule == null || rule.schema() == null ? t : t.withTargetSchema(rule.schema()))
          .ifPresent(keyed::add);
    }
    // column rules per source schema, so that two schemas' tables of one name keep apart
    Map<String, List<TableDef>> bySchema = new LinkedHashMap<>();
    keyed.forEach(t -> bySchema.computeIfAbsent(t.sourceSchema(), k -> new ArrayList<>()).add(t));
    Map<QualifiedTable, TableDef> shaped = new LinkedHashMap<>();
    Map<String, TableExtras> extras = new LinkedHashMap<>();
    List<String> notes = new ArrayList<>();
    for (Map.Entry<String, List<TableDef>> group : bySchema.entrySet()) {
      Map<String, TableRule> rules = new LinkedHashMap<>();
      ruleNames.forEach(
          (table, ruleName) -> {
            if (table.schema().equals(group.getKey())
                && group.getValue().stream().anyMatch(t -> t.sourceTable().equals(table.table()))) {
              rules.put(table.table(), source.tables().get(ruleName));
            }
          });
      CastPlanner.Result result =
          CastPlanner.plan(
              migration, source.name(), path, group.getValue(), rules, Map.of(), Map.of());
      errors.addAll(result.errors());
      notes.addAll(result.notes());
      result
          .tables()
          .forEach(t -> shaped.put(new QualifiedTable(t.sourceSchema(), t.sourceTable()), t));
      extras.putAll(result.extras());
    }
    List<TableDef> ordered = new ArrayList<>();
    for (TableDef table : keyed) {
      TableDef t = shaped.get(new QualifiedTable(table.sourceSchema(), table.sourceTable()));
      if (t != null) {
        ordered.add(t);
      }
    }
    return followTables(ordered, enums, extras, notes);
  }

  /** Which plan rule names which table; errors for names that find none or several. */
  private static Map<QualifiedTable, String> ruleNames(
      SourceSpec source, String path, List<TableDef> tables, List<PlanError> errors) {
    Map<QualifiedTable, String> out = new LinkedHashMap<>();
    for (String ruleName : source.tables().keySet()) {
      String field = path + ".tables." + ruleName;
      QualifiedTable qualified =
          QualifiedTable.resolve(ruleName, source.schemas().keySet()).orElse(null);
      List<QualifiedTable> found = new ArrayList<>();
      for (TableDef t : tables) {
        QualifiedTable name = new QualifiedTable(t.sourceSchema(), t.sourceTable());
        if (name.equals(qualified) || t.sourceTable().equals(ruleName)) {
          found.add(name);
        }
      }
      if (found.size() > 1 && qualified != null && found.contains(qualified)) {
        found = List.of(qualified);
      }
      if (found.isEmpty()) {
        errors.add(
            new PlanError(
                field,
                "no migrated table '"
                    + ruleName
                    + "' in source schemas "
                    + source.schemas().keySet()
                    + " (names are case-sensitive; an excluded table takes no rules)"));
      } else if (found.size() > 1) {
        errors.add(
            new PlanError(
                field,
                "'"
                    + ruleName
                    + "' names tables of several schemas ("
                    + String.join(", ", found.stream().map(QualifiedTable::toString).toList())
                    + "): write schema.table"));
      } else if (out.putIfAbsent(found.get(0), ruleName) != null) {
        errors.add(
            new PlanError(
                field,
                "rules for " + found.get(0) + " are given twice (as table and schema.table)"));
      }
    }
    return out;
  }

  /**
   * Enum types follow their tables: a type whose tables all went to one other target schema moves
   * there (its columns' spellings with it); a type used from several target schemas stays, and each
   * using schema's role is granted its usage at provisioning.
   */
  private static Shaped followTables(
      List<TableDef> tables,
      List<EnumDef> enums,
      Map<String, TableExtras> extras,
      List<String> notes) {
    List<EnumDef> placed = new ArrayList<>();
    Map<String, String> moved = new LinkedHashMap<>();
    for (EnumDef type : enums) {
      Set<String> users = new LinkedHashSet<>();
      for (TableDef table : tables) {
        if (table.columns().stream().anyMatch(c -> type.targetSql().equals(enumOf(c)))) {
          users.add(table.targetSchema());
        }
      }
      if (users.size() == 1 && !users.contains(type.targetSchema())) {
        EnumDef relocated =
            new EnumDef(
                type.sourceSchema(),
                type.sourceName(),
                users.iterator().next(),
                type.targetName(),
                type.labels());
        moved.put(type.targetSql(), relocated.targetSql());
        notes.add(
            "enum type "
                + type.sourceSchema()
                + "."
                + type.sourceName()
                + " is created in "
                + relocated.targetSchema()
                + ", with the tables that use it");
        placed.add(relocated);
      } else {
        placed.add(type);
      }
    }
    List<TableDef> out = tables;
    if (!moved.isEmpty()) {
      out =
          tables.stream()
              .map(t -> t.withColumns(t.columns().stream().map(c -> respell(c, moved)).toList()))
              .toList();
    }
    return new Shaped(out, placed, extras, notes);
  }

  /** The qualified enum type a column holds (or holds arrays of), else null. */
  private static String enumOf(ColumnDef column) {
    if (column.targetType() == TargetType.ENUM) {
      return column.targetSql();
    }
    if (column.targetType() == TargetType.ARRAY && column.elementType() == TargetType.ENUM) {
      return column.element().targetSql();
    }
    return null;
  }

  private static ColumnDef respell(ColumnDef column, Map<String, String> moved) {
    String type = enumOf(column);
    if (type == null || !moved.containsKey(type)) {
      return column;
    }
    String sql = moved.get(type) + (column.targetType() == TargetType.ARRAY ? "[]" : "");
    return column.withTarget(column.targetType(), sql, column.elementType());
  }
}
