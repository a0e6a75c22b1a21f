package io.tributary.source.chroma.intake;

import io.tributary.common.catalog.CatalogException;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.naming.Identifiers;
import io.tributary.common.plan.PlanError;
import io.tributary.common.plan.SourceSpec;
import io.tributary.common.plan.TableRule;
import io.tributary.common.sql.FinalizeStatementBuilder;
import io.tributary.common.sql.FinalizeStep;
import io.tributary.common.sql.TableDdlBuilder;
import io.tributary.source.chroma.catalog.ChromaTables;
import io.tributary.source.chroma.store.ChromaCollection;
import io.tributary.source.chroma.store.ChromaStore;
import io.tributary.source.spi.intake.IndexSteps;
import io.tributary.source.spi.intake.SourceCatalog;
import io.tributary.source.spi.intake.VectorIndexStatementBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one Chroma store of a plan: its format and collections ({@link ChromaStore}), the ones the
 * plan lists ({@code collections}) or all but the excluded ones, each as a table ({@link
 * ChromaTables}) in the source's target schema or its own ({@code tables.<collection>.schema});
 * finalize builds each collection's HNSW index with the operator class of its distance, and a
 * comment on each table records the collection's name, id, distance and configuration. Every
 * problem becomes a {@link PlanError} naming the plan's field. Reads the store; writes nothing.
 */
final class ChromaSourceIntake {
  private static final Logger LOG = LoggerFactory.getLogger(ChromaSourceIntake.class);

  private ChromaSourceIntake() {}

  static SourceCatalog read(
      String migration, SourceSpec source, String path, List<PlanError> errors) {
    ChromaStore store;
    try {
      store = ChromaStore.read(Path.of(source.path()));
    } catch (CatalogException | IllegalArgumentException e) {
      errors.add(new PlanError(path + ".path", e.getMessage()));
      return null;
    }
    List<ChromaCollection> chosen = chosen(store, source, path, errors);
    int before = errors.size();
    rules(source, path, store, errors);
    if (chosen.isEmpty() && errors.size() == before) {
      errors.add(
          new PlanError(
              path + ".path",
              "no collections to migrate in "
                  + source.path()
                  + (store.collections().isEmpty() ? " (the store has none)" : "")));
    }
    if (errors.size() > before) {
      return null;
    }
    List<TableDef> tables = new ArrayList<>();
    List<String> comments = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    List<FinalizeStep> indexes = new ArrayList<>();
    for (ChromaCollection collection : chosen) {
      List<String> databases = store.databasesOf(collection.name());
      if (databases.size() > 1) {
        errors.add(
            new PlanError(
                path + ".path",
                "the Chroma store "
                    + store.directory()
                    + " has a collection '"
                    + collection.name()
                    + "' in each of its databases "
                    + databases
                    + ": their tables would be one; exclude the name to migrate the others"));
      }
      if (!Identifiers.fitsPostgres(collection.name())) {
        errors.add(
            new PlanError(
                path + ".path",
                "collection '"
                    + collection.name()
                    + "': the name is longer than PostgreSQL's 63 bytes (exclude it, or rename"
                    + " it in Chroma)"));
      }
    }
    if (errors.size() > before) {
      return null;
    }
    for (ChromaCollection collection : chosen) {
      TableRule rule = source.tables().get(collection.name());
      String schema = rule != null && rule.schema() != null ? rule.schema() : source.schema();
      TableDef table = ChromaTables.table(collection, migration, source.name(), schema);
      tables.add(table);
      comments.add(comment(table, collection));
      if (collection.dimension() == null) {
        notes.add(
            "collection '"
                + collection.name()
                + "' has never held a record: its embedding column has no dimension and no index");
      } else {
        VectorIndexStatementBuilder.hnsw(
                table,
                ChromaTables.EMBEDDING,
                collection.dimension(),
                collection.distance().chromaName())
            .ifPresentOrElse(
                indexes::add,
                () ->
                    notes.add(
                        "collection '"
                            + collection.name()
                            + "' has "
                            + collection.dimension()
                            + "-dimensional vectors: pgvector indexes at most "
                            + VectorIndexStatementBuilder.HNSW_MAX_DIMENSIONS
                            + ", so it gets no HNSW index (queries scan)"));
      }
    }
    notes.add(
        "Chroma store "
            + store.directory()
            + ": "
            + store.format()
            + ", "
            + tables.size()
            + " of "
            + store.collections().size()
            + " collections");
    notes.forEach(n -> LOG.info("Migration {}, source {}: {}", migration, source.name(), n));
    List<String> ddl =
        new ArrayList<>(
            TableDdlBuilder.provisionIsolated(source.targetSchemas(), List.of(), tables, Map.of()));
    ddl.addAll(comments);
    return new SourceCatalog(
        source,
        tables,
        ddl,
        notes,
        IndexSteps.insert(FinalizeStatementBuilder.steps(tables, Map.of(), Map.of()), indexes));
  }

  /** The collections the plan migrates: those it lists, else all but those it excludes. */
  private static List<ChromaCollection> chosen(
      ChromaStore store, SourceSpec source, String path, List<PlanError> errors) {
    Set<String> names = new TreeSet<>();
    store.collections().forEach(c -> names.add(c.name()));
    for (int j = 0; j < source.exclude().size(); j++) {
      String name = source.exclude().get(j);
      if (!names.contains(name)) {
        errors.add(
            new PlanError(
                path + ".exclude[" + j + "]", missing(store, name) + " (nothing to exclude)"));
      }
    }
    if (source.collections() == null) {
      return store.collections().stream()
          .filter(c -> !source.exclude().contains(c.name()))
          .toList();
    }
    List<ChromaCollection> out = new ArrayList<>();
    for (int j = 0; j < source.collections().size(); j++) {
      String name = source.collections().get(j);
      Optional<ChromaCollection> found = store.collection(name);
      if (found.isPresent()) {
        out.add(found.get());
      } else {
        errors.add(new PlanError(path + ".collections[" + j + "]", missing(store, name)));
      }
    }
    return out;
  }

  /** Table rules: only a target schema of its own, for a collection of the store. */
  private static void rules(
      SourceSpec source, String path, ChromaStore store, List<PlanError> errors) {
    Map<String, TableRule> rules = new HashMap<>(source.tables());
    for (Map.Entry<String, TableRule> e : rules.entrySet()) {
      String field = path + ".tables." + e.getKey();
      TableRule rule = e.getValue();
      if (store.collection(e.getKey()).isEmpty()) {
        errors.add(new PlanError(field, missing(store, e.getKey())));
      } else if (rule.key() != null
          || !rule.columns().isEmpty()
          || !rule.checks().isEmpty()
          || rule.fulltext() != null) {
        errors.add(
            new PlanError(
                field,
                "a Chroma collection's table has fixed columns (id, document, metadata, embedding):"
                    + " only schema can be set for it"));
      }
    }
  }

  private static String missing(ChromaStore store, String name) {
    List<String> names = store.collections().stream().map(ChromaCollection::name).toList();
    return "the Chroma store "
        + store.directory()
        + " has no collection '"
        + name
        + "' (names are case-sensitive; its collections: "
        + (names.isEmpty() ? "none" : String.join(", ", names))
        + ")";
  }

  /** The comment that records where a table came from. */
  private static String comment(TableDef table, ChromaCollection collection) {
    StringBuilder text =
        new StringBuilder("Chroma collection '")
            .append(collection.name())
            .append("' (id ")
            .append(collection.id())
            .append(", database ")
            .append(collection.database())
            .append(", tenant ")
            .append(collection.tenant())
            .append("); distance ")
            .append(collection.distance().chromaName())
            .append(" (pgvector ")
            .append(collection.distance().operator())
            .append(", ")
            .append(collection.distance().operatorClass())
            .append(")");
    if (collection.dimension() != null) {
      text.append("; dimension ").append(collection.dimension());
    }
    if (!collection.metadata().isEmpty()) {
      text.append("; metadata ").append(new TreeMap<>(collection.metadata()));
    }
    if (collection.configuration() != null) {
      text.append("; configuration ").append(collection.configuration());
    }
    return "COMMENT ON TABLE "
        + Identifiers.qualified(table.targetSchema(), table.targetTable())
        + " IS "
        + Identifiers.literal(text.toString());
  }
}
