package io.tributary.source.spi.intake;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.IndexDef;
import io.tributary.common.catalog.RowIdentity;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.plan.KeyRule;
import io.tributary.common.plan.PlanError;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * Chooses what identifies the rows of each table ({@link RowIdentity}), in this order: the source's
 * primary key; the columns the plan names ({@code tables.<t>.key.columns}, NOT NULL); a UNIQUE
 * index or constraint of the source over NOT NULL columns (the one of fewest columns, then by
 * name); else, where the source kind captures it, the whole row ({@link RowIdentity#WHOLE_ROW}:
 * duplicates keep their multiplicity). Where it does not, a table with none of these is refused,
 * naming the table and what the operator can do. Pure: reads nothing.
 */
public final class RowIdentityResolver {
  private RowIdentityResolver() {}

  /**
   * The table keyed by its row identity, or empty (and an error) when it has none.
   *
   * @param table the table as read from its catalog (key columns = its primary key, if any)
   * @param indexes the source's indexes of the table (plain columns, partial ones left out)
   * @param rule the plan's key rule for it, or null
   * @param field the plan field of the table's rules, {@code sources[0].tables.t}
   * @param remedy what else the operator can do with such a table, for the error ("list it under
   *     exclude")
   * @param wholeRowRefused null when the table can be captured by its whole rows; else why not (a
   *     table nothing else identifies is then refused, saying so)
   */
  public static Optional<TableDef> resolve(
      TableDef table,
      List<IndexDef> indexes,
      KeyRule rule,
      String field,
      String remedy,
      String wholeRowRefused,
      List<PlanError> errors) {
    List<String> declared = rule == null ? List.of() : rule.columns();
    List<String> primaryKey = table.keyColumns().stream().map(ColumnDef::name).toList();
    if (!declared.isEmpty()) {
      if (!primaryKey.isEmpty()) {
        errors.add(
            new PlanError(
                field + ".key.columns",
                table.sourceTable()
                    + " has a primary key ("
                    + String.join(", ", primaryKey)
                    + "), which identifies its rows; key.columns is for tables without one"));
        return Optional.empty();
      }
      return declared(table, indexes, declared, field + ".key.columns", errors);
    }
    if (!primaryKey.isEmpty()) {
      return Optional.of(table.withIdentity(RowIdentity.PRIMARY_KEY, primaryKey, null));
    }
    Optional<IndexDef> unique =
        indexes.stream()
            .filter(IndexDef::unique)
            .filter(i -> i.columns().stream().allMatch(c -> notNull(table, c)))
            .min(
                Comparator.comparingInt((IndexDef i) -> i.columns().size())
                    .thenComparing(IndexDef::name));
    if (unique.isPresent()) {
      return Optional.of(
          table.withIdentity(RowIdentity.UNIQUE, unique.get().columns(), unique.get().name()));
    }
    if (wholeRowRefused == null) {
      return Optional.of(table.withIdentity(RowIdentity.WHOLE_ROW, List.of(), null));
    }
    errors.add(
        new PlanError(
            field + ".key.columns",
            "table "
                + table.sourceSchema()
                + "."
                + table.sourceTable()
                + " has no primary key and no UNIQUE index over NOT NULL columns, so nothing"
                + " identifies its rows ("
                + wholeRowRefused
                + "): name the NOT NULL columns that identify a row here, e.g. key: {columns:"
                + " ["
                + table.columns().stream()
                    .filter(c -> !c.nullable())
                    .map(ColumnDef::name)
                    .findFirst()
                    .orElse("id")
                + "]}, "
                + remedy));
    return Optional.empty();
  }

  /**
   * What the answer to a plan says of a table identified by its whole rows.
   *
   * @param capture how its source kind captures it ("its replica identity is FULL while it is
   *     captured")
   */
  public static String wholeRowNote(TableDef table, String capture) {
    return "table "
        + table.sourceSchema()
        + "."
        + table.sourceTable()
        + " has no primary key and no UNIQUE index over NOT NULL columns: its rows are identified"
        + " by all of their values (equal rows keep their number), "
        + capture
        + ", and its changes go through one partition; name its key with key: {columns: [...]}"
        + " if some columns identify its rows";
  }

  private static Optional<TableDef> declared(
      TableDef table,
      List<IndexDef> indexes,
      List<String> columns,
      String field,
      List<PlanError> errors) {
    List<String> problems = new ArrayList<>();
    for (String column : columns) {
      Optional<ColumnDef> def =
          table.columns().stream().filter(c -> c.name().equals(column)).findFirst();
      if (def.isEmpty()) {
        problems.add(
            "no column '"
                + column
                + "' in "
                + table.sourceTable()
                + " (it has "
                + String.join(", ", table.columns().stream().map(ColumnDef::name).toList())
                + ")");
      } else if (def.get().nullable()) {
        problems.add(
            "column '"
                + column
                + "' of "
                + table.sourceTable()
                + " may be NULL; a row identity needs NOT NULL columns");
      }
    }
    if (!problems.isEmpty()) {
      problems.forEach(p -> errors.add(new PlanError(field, p)));
      return Optional.empty();
    }
    HashSet<String> wanted = new HashSet<>(columns);
    String index =
        indexes.stream()
            .filter(i -> i.unique() && new HashSet<>(i.columns()).equals(wanted))
            .map(IndexDef::name)
            .sorted()
            .findFirst()
            .orElse(null);
    return Optional.of(table.withIdentity(RowIdentity.DECLARED, columns, index));
  }

  private static boolean notNull(TableDef table, String column) {
    return table.columns().stream().anyMatch(c -> c.name().equals(column) && !c.nullable());
  }
}
