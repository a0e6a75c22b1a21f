package io.tributary.source.sqlite.intake;

import io.tributary.common.cast.CastPlanner;
import io.tributary.common.catalog.CatalogException;
import io.tributary.common.catalog.ColumnProfile;
import io.tributary.common.catalog.ForeignKey;
import io.tributary.common.catalog.IndexDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.plan.PlanError;
import io.tributary.common.plan.SourceSpec;
import io.tributary.common.plan.TableRule;
import io.tributary.common.sql.FinalizeStatementBuilder;
import io.tributary.common.sql.FinalizeStep;
import io.tributary.common.sql.TableDdlBuilder;
import io.tributary.source.spi.intake.FullTextRules;
import io.tributary.source.spi.intake.IndexSteps;
import io.tributary.source.spi.intake.RowIdentityResolver;
import io.tributary.source.spi.intake.SchemaObject;
import io.tributary.source.spi.intake.SchemaObjectStatements;
import io.tributary.source.spi.intake.SourceCatalog;
import io.tributary.source.spi.intake.VectorIndexStatementBuilder;
import io.tributary.source.sqlite.catalog.SqliteCatalogReader;
import io.tributary.source.sqlite.catalog.SqliteColumnProfiler;
import io.tributary.source.sqlite.catalog.SqliteRowid;
import io.tributary.source.sqlite.connect.SqliteConnections;
import io.tributary.source.sqlite.objects.SqliteObjectReader;
import io.tributary.source.sqlite.objects.SqliteObjects;
import io.tributary.source.sqlite.vtab.FullTextTable;
import io.tributary.source.sqlite.vtab.SqliteVirtualTables;
import io.tributary.source.sqlite.vtab.Vec0Table;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one SQLite source of a plan: its file's catalog ({@link SqliteCatalogReader}, vec0 tables
 * included), the tables it excludes ({@code exclude: [name]}), its virtual tables (full-text ones
 * are noted as not migrated; any other is refused, naming it and what to do), each table's row
 * identity ({@link RowIdentityResolver}) and target schema, and the plan's and the automatic
 * casting rules ({@link CastPlanner}, which profiles every column), and its views and triggers
 * ({@link SqliteObjects}). Every problem becomes a {@link PlanError} naming the plan's field. Reads
 * the file; writes nothing.
 */
final class SqliteSourceIntake {
  private static final Logger LOG = LoggerFactory.getLogger(SqliteSourceIntake.class);

  private SqliteSourceIntake() {}

  /**
   * @param path the source's field path, {@code sources[i]}
   * @return its catalog, or null (and errors) when it cannot be migrated
   */
  static SourceCatalog read(
      String migration, SourceSpec source, String path, List<PlanError> errors) {
    String field = path + ".path";
    try {
      Path file = Path.of(source.path());
      SqliteCatalogReader.Catalog catalog =
          SqliteCatalogReader.readCatalog(file, migration, source.name(), source.schema());
      Set<String> excluded = excluded(source, path, catalog, errors);
      Map<String, FullTextTable> rebuilt = rebuilt(source, path, catalog, errors);
      List<String> notes =
          new ArrayList<>(virtualTables(catalog, excluded, rebuilt, field, errors));
      List<TableDef> tables = new ArrayList<>();
      catalog.tables().stream()
          .filter(t -> !excluded.contains(t.sourceTable()))
          .forEach(tables::add);
      rebuilt.keySet().forEach(name -> tables.add(catalog.fullTextTables().get(name)));
      if (tables.isEmpty()) {
        errors.add(new PlanError(field, "no tables to migrate in " + source.path()));
      }
      Map<String, List<ForeignKey>> foreignKeys = new HashMap<>();
      Map<String, List<IndexDef>> indexes = new HashMap<>();
      List<SqliteObjectReader.Definition> definitions;
      try (Connection connection = SqliteConnections.openReadOnly(file)) {
        definitions = SqliteObjectReader.read(connection);
        for (TableDef table : tables) {
          foreignKeys.put(
              table.sourceTable(),
              SqliteColumnProfiler.foreignKeys(connection, table.sourceTable()));
          indexes.put(
              table.sourceTable(), SqliteColumnProfiler.indexes(connection, table.sourceTable()));
        }
      }
      List<TableDef> keyed = keyed(source, path, tables, indexes, errors);
      // a table refused for want of an identity has been named already; its rules wait for it
      Map<String, TableRule> rules = new HashMap<>(source.tables());
      Set<String> kept = new HashSet<>();
      keyed.forEach(t -> kept.add(t.sourceTable()));
      catalog.tables().stream()
          .map(TableDef::sourceTable)
          .filter(name -> !kept.contains(name))
          .forEach(rules::remove);
      // a full-text table that does not migrate has been spoken of already
      catalog.virtualTables().fulltext().stream()
          .map(FullTextTable::name)
          .filter(name -> !kept.contains(name))
          .forEach(rules::remove);
      Map<String, Map<String, ColumnProfile>> profiles = SqliteColumnProfiler.profile(file, keyed);
      CastPlanner.Result shaped =
          CastPlanner.plan(migration, source.name(), path, keyed, rules, profiles, foreignKeys);
      errors.addAll(shaped.errors());
      notes.addAll(shaped.notes());
      keyed.stream()
          .filter(TableDef::wholeRow)
          .forEach(
              t ->
                  notes.add(
                      RowIdentityResolver.wholeRowNote(
                          t,
                          "its changes are logged whole with their rowid (a VACUUM during its"
                              + " snapshot, which may renumber rowids, can make a change count"
                              + " twice or not at all; validation would report it)")));
      FullTextRules.Applied fulltext =
          FullTextRules.apply(
              path,
              rules,
              shaped.tables(),
              indexedColumns(rebuilt),
              shaped.extras(),
              FinalizeStatementBuilder.steps(shaped.tables(), shaped.extras(), indexes),
              errors);
      // the file's views and triggers: made with the tables, each in its own subtransaction (a
      // failure is left to finalize, which reports it), or named with why not
      List<SchemaObject> objects =
          SqliteObjects.plan(
              definitions,
              shaped.tables(),
              SqliteObjects.notMigrated(catalog, excluded, shaped.tables()),
              catalog.virtualTables().fulltext().stream()
                  .map(FullTextTable::name)
                  .collect(Collectors.toSet()),
              source.schema(),
              source.objects(),
              path,
              errors);
      List<FinalizeStep> steps =
          new ArrayList<>(
              IndexSteps.insert(fulltext.finalizeSteps(), vectorIndexes(catalog, shaped.tables())));
      SchemaObjectStatements.steps(objects, steps, notes);
      notes.forEach(n -> LOG.info("Migration {}, source {}: {}", migration, source.name(), n));
      return new SourceCatalog(
          source,
          shaped.tables(),
          TableDdlBuilder.provisionIsolated(
              source.targetSchemas(), List.of(), shaped.tables(), fulltext.extras()),
          notes,
          steps,
          objects);
    } catch (CatalogException | IllegalArgumentException e) {
      errors.add(new PlanError(field, e.getMessage()));
      return null;
    } catch (SQLException e) {
      errors.add(
          new PlanError(
              field, "cannot profile the columns of " + source.path() + ": " + e.getMessage()));
      return null;
    }
  }

  /**
   * The names the plan excludes, each checked against the file: a table (ordinary, vec0, full-text
   * or another virtual table), by its name or as {@code main.name}.
   */
  private static Set<String> excluded(
      SourceSpec source, String path, SqliteCatalogReader.Catalog catalog, List<PlanError> errors) {
    Set<String> known = new HashSet<>();
    catalog.tables().forEach(t -> known.add(t.sourceTable()));
    catalog.virtualTables().fulltext().forEach(t -> known.add(t.name()));
    known.addAll(catalog.virtualTables().refused().keySet());
    Set<String> out = new HashSet<>();
    for (int j = 0; j < source.exclude().size(); j++) {
      String entry = source.exclude().get(j);
      String name =
          known.contains(entry) || !entry.startsWith("main.") ? entry : entry.substring(5);
      if (known.contains(name)) {
        out.add(name);
      } else {
        errors.add(
            new PlanError(
                path + ".exclude[" + j + "]",
                "the file has no table '"
                    + entry
                    + "' (names are case-sensitive; shadow tables of virtual tables go with"
                    + " them)"));
      }
    }
    return out;
  }

  /**
   * The nearest-neighbour index each vec0 vector column gets on the target, with the distance the
   * source declares ({@link VectorIndexStatementBuilder}).
   */
  private static List<FinalizeStep> vectorIndexes(
      SqliteCatalogReader.Catalog catalog, List<TableDef> tables) {
    List<FinalizeStep> out = new ArrayList<>();
    for (Vec0Table vec : catalog.virtualTables().vec0()) {
      tables.stream()
          .filter(t -> t.sourceTable().equals(vec.name()))
          .findFirst()
          .ifPresent(
              table -> {
                for (Vec0Table.Column c : vec.columns(Vec0Table.Kind.VECTOR)) {
                  if (table.columns().stream().anyMatch(d -> d.name().equals(c.name()))) {
                    VectorIndexStatementBuilder.hnsw(
                            table, table.column(c.name()).targetName(), c.dimensions(), c.metric())
                        .ifPresent(out::add);
                  }
                }
              });
    }
    return out;
  }

  /**
   * The source's full-text tables whose search the plan rebuilds ({@code tables.<fts>.fulltext}):
   * those that keep their own text, which migrate as tables; a rule on an external-content or
   * contentless one is refused, saying where its text is.
   */
  /** The columns each full-text table indexes, by its name. */
  private static Map<String, List<String>> indexedColumns(Map<String, FullTextTable> fullText) {
    Map<String, List<String>> out = new TreeMap<>();
    fullText.forEach(
        (name, table) ->
            out.put(
                name,
                table.columns().stream()
                    .filter(FullTextTable.Column::indexed)
                    .map(FullTextTable.Column::name)
                    .toList()));
    return out;
  }

  private static Map<String, FullTextTable> rebuilt(
      SourceSpec source, String path, SqliteCatalogReader.Catalog catalog, List<PlanError> errors) {
    Map<String, FullTextTable> out = new TreeMap<>();
    for (FullTextTable fts : catalog.virtualTables().fulltext()) {
      TableRule rule = source.tables().get(fts.name());
      if (rule == null || rule.fulltext() == null) {
        continue;
      }
      String field = path + ".tables." + fts.name() + ".fulltext";
      if (catalog.fullTextTables().containsKey(fts.name())) {
        out.put(fts.name(), fts);
      } else if (fts.content() != null && !fts.content().isEmpty()) {
        errors.add(
            new PlanError(
                field,
                fts.name()
                    + " indexes the text of table '"
                    + fts.content()
                    + "' (content=): give that table the fulltext rule, with the columns to"
                    + " search"));
      } else {
        errors.add(
            new PlanError(
                field,
                fts.name()
                    + " keeps no text (contentless): give the table that holds the text the"
                    + " fulltext rule"));
      }
    }
    return out;
  }

  /**
   * What is said of the file's virtual tables: a refused one (not excluded) is an error naming it;
   * a full-text one is a note — it is an index, not data, and neither it nor its shadow tables are
   * copied, unless the plan rebuilds it.
   */
  private static List<String> virtualTables(
      SqliteCatalogReader.Catalog catalog,
      Set<String> excluded,
      Map<String, FullTextTable> rebuilt,
      String field,
      List<PlanError> errors) {
    SqliteVirtualTables.Found found = catalog.virtualTables();
    found
        .refused()
        .forEach(
            (name, why) -> {
              if (!excluded.contains(name)) {
                errors.add(new PlanError(field, why));
              }
            });
    List<String> notes = new ArrayList<>();
    for (FullTextTable fts : found.fulltext()) {
      if (rebuilt.containsKey(fts.name())) {
        notes.add(
            fts.name()
                + ": a full-text table ("
                + fts.module()
                + "), migrated as a table of its text (from "
                + fts.contentTable()
                + ", keyed by its rowid) with a generated tsvector column and a GIN index");
        continue;
      }
      List<String> shadows =
          found.shadows().stream().filter(s -> s.startsWith(fts.name() + "_")).sorted().toList();
      notes.add(
          fts.name()
              + ": a full-text index ("
              + fts.module()
              + "), not migrated as data"
              + (shadows.isEmpty() ? "" : ", nor its shadow tables " + String.join(", ", shadows))
              + "; to search on the target, give "
              + (fts.ownContent()
                  ? "it the rule fulltext: {} (its text migrates with a tsvector column), or"
                  : "")
              + " the table that holds the text a fulltext rule");
    }
    for (var vec : found.vec0()) {
      notes.add(
          vec.name()
              + ": a sqlite-vec vec0 table, migrated from its shadow tables "
              + String.join(", ", vec.shadowTables())
              + " (which are not migrated as tables)");
    }
    return notes;
  }

  /**
   * Each table keyed by its row identity ({@link RowIdentityResolver}) and sent to its rule's
   * target schema, if it names one; tables that nothing identifies are left out, with an error.
   */
  private static List<TableDef> keyed(
      SourceSpec source,
      String path,
      List<TableDef> tables,
      Map<String, List<IndexDef>> indexes,
      List<PlanError> errors) {
    List<TableDef> keyed = new ArrayList<>();
    for (TableDef table : tables) {
      TableRule rule = source.tables().get(table.sourceTable());
      RowIdentityResolver.resolve(
              table,
              indexes.getOrDefault(table.sourceTable(), List.of()),
              rule == null ? null : rule.key(),
              path + ".tables." + table.sourceTable(),
              "or add a primary key to it in the file, or list it under exclude",
              SqliteRowid.alias(table.columns()).isPresent()
                  ? null
                  : "its columns named rowid, _rowid_ and oid hide the rowid that whole-row"
                      + " capture reads",
              errors)
          .map(t -> rule == null || rule.schema() == null ? t : t.withTargetSchema(rule.schema()))
          .ifPresent(keyed::add);
    }
    return keyed;
  }
}
