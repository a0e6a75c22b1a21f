package io.tributary.source.postgres.catalog;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.EnumDef;
import io.tributary.common.catalog.PostgresSequence;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.catalog.TypeSpelling;
import io.tributary.common.sql.TableExtras;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What {@link PostgresCatalogReader} found in a PostgreSQL source: the tables, the enum types to
 * create in the target before them, and what deserves an operator's attention.
 *
 * @param tables every table of the read schemas, in schema and name order; tables without a primary
 *     key are included (with no key columns): the orchestrator gives each a row identity (a unique
 *     index, the plan's key, or the whole row)
 * @param enums the enum types the tables use, each once, with the target schema it goes to
 * @param warnings columns migrated as text for lack of a type, generated columns, partitions and
 *     the like, one sentence each
 * @param sequences the free-standing sequences the tables' column defaults draw from ({@link
 *     PostgresSequence}), each once
 * @param userTypes the domains, composite and range types the tables use, each after the types it
 *     is made of, to be made in the target after the enums and before the tables
 * @param generated the generated columns made generated in the target, by {@code schema\0table} of
 *     the source: not among the table's columns (apply never writes them), made with it
 */
public record PostgresCatalog(
    List<TableDef> tables,
    List<EnumDef> enums,
    List<String> warnings,
    List<PostgresSequence> sequences,
    List<PostgresUserType> userTypes,
    Map<String, List<TableExtras.ExtraColumn>> generated) {
  public PostgresCatalog {
    tables = List.copyOf(tables);
    enums = List.copyOf(enums);
    warnings = List.copyOf(warnings);
    sequences = sequences == null ? List.of() : List.copyOf(sequences);
    userTypes = userTypes == null ? List.of() : List.copyOf(userTypes);
    generated = generated == null ? Map.of() : Map.copyOf(generated);
  }

  /** A catalog without free-standing sequences or types other than enums. */
  public PostgresCatalog(List<TableDef> tables, List<EnumDef> enums, List<String> warnings) {
    this(tables, enums, warnings, List.of(), List.of(), Map.of());
  }

  /** The generated columns of a table made generated in the target; empty when none. */
  public List<TableExtras.ExtraColumn> generatedColumns(TableDef table) {
    return generated.getOrDefault(table.sourceSchema() + '\0' + table.sourceTable(), List.of());
  }

  /** The tables without a primary key. */
  public List<TableDef> tablesWithoutPrimaryKey() {
    return tables.stream().filter(t -> t.keyColumns().isEmpty()).toList();
  }

  /**
   * The catalog without some tables, and without the enum types and sequences only they used (the
   * warnings are kept as read).
   */
  public PostgresCatalog without(Predicate<TableDef> excluded) {
    List<TableDef> kept = tables.stream().filter(excluded.negate()).toList();
    Set<String> used = new HashSet<>();
    for (TableDef table : kept) {
      for (ColumnDef column : table.columns()) {
        String sql = column.targetSql();
        used.add(TypeSpelling.isArray(sql) ? TypeSpelling.elementOf(sql) : sql);
        if (column.targetType() == TargetType.ENUM) {
          used.add(column.targetSql());
        } else if (column.targetType() == TargetType.ARRAY
            && column.elementType() == TargetType.ENUM) {
          used.add(column.element().targetSql());
        }
      }
    }
    return new PostgresCatalog(
        kept,
        enums.stream().filter(e -> used.contains(e.targetSql())).toList(),
        warnings,
        sequences.stream()
            .filter(s -> kept.stream().anyMatch(t -> t.columns().stream().anyMatch(s::feeds)))
            .toList(),
        usedTypes(used),
        generated);
  }

  /**
   * The user types whose spelling is among {@code used} (column types, element types), with the
   * types they are made of (named in their statements), in the order they are made.
   */
  private List<PostgresUserType> usedTypes(Set<String> used) {
    Set<String> needed = new HashSet<>(used);
    for (int i = userTypes.size() - 1; i >= 0; i--) {
      PostgresUserType type = userTypes.get(i);
      if (needed.contains(type.targetSql())) {
        for (PostgresUserType other : userTypes.subList(0, i)) {
          if (type.create().contains(other.targetSql())) {
            needed.add(other.targetSql());
          }
        }
      }
    }
    return userTypes.stream().filter(t -> needed.contains(t.targetSql())).toList();
  }
}
