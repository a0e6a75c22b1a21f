package io.tributary.orchestrator.provision;

import io.tributary.common.cast.CastPlanner;
import io.tributary.common.catalog.CatalogException;
import io.tributary.common.catalog.ColumnProfile;
import io.tributary.common.catalog.IndexDef;
import io.tributary.common.catalog.SqliteCatalogReader;
import io.tributary.common.catalog.SqliteColumnProfiler;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.plan.MigrationPlan;
import io.tributary.common.plan.PlanError;
import io.tributary.common.plan.PlanException;
import io.tributary.common.plan.PlanParser;
import io.tributary.common.plan.PlanValidator;
import io.tributary.common.plan.SourceKind;
import io.tributary.common.plan.SourceSpec;
import io.tributary.common.plan.TableRule;
import io.tributary.common.sql.FinalizeStatementBuilder;
import io.tributary.common.sql.TableDdlBuilder;
import io.tributary.orchestrator.OrchestratorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Turns a submitted plan into a {@link ProvisioningRequest}, refusing it with a {@link
 * PlanException} that names every bad field: the plan's shape ({@link PlanParser}), what it means
 * here ({@link PlanValidator}), its {@code target.url} against this deployment's target, and the
 * sources' catalogs (readable, with keys, no two tables on one topic): SQLite files are read here,
 * PostgreSQL sources by {@link PostgresSourceIntake} (connection, wal_level, replication rights,
 * excluded and keyless tables). Reads the sources; writes nothing.
 */
@ApplicationScoped
public class PlanIntake {
  private static final Logger LOG = Logger.getLogger(PlanIntake.class);
  private final PlanParser parser;
  private final PlanValidator validator;
  private final TargetAddress target;
  private final PostgresSourceIntake postgres;

  private static final int DEFAULT_CONNECT_SECONDS = 10;

  @Inject
  public PlanIntake(
      OrchestratorConfig config,
      @ConfigProperty(name = "quarkus.datasource.reactive.url") String targetUrl,
      PostgresSourceIntake postgres) {
    this(
        PlanParser.withSystemEnvironment(),
        config.sourcesDir(),
        TargetAddress.parse(targetUrl),
        postgres);
  }

  /**
   * @param parser reads plans (and resolves their placeholders)
   * @param sourcesDir relative SQLite paths are resolved against it
   * @param target the database this deployment migrates into
   * @param postgres reads PostgreSQL sources
   */
  public PlanIntake(
      PlanParser parser, Path sourcesDir, TargetAddress target, PostgresSourceIntake postgres) {
    this.parser = parser;
    this.validator = new PlanValidator(sourcesDir);
    this.target = target;
    this.postgres = postgres;
  }

  /** An intake whose PostgreSQL sources get {@value #DEFAULT_CONNECT_SECONDS} s to connect. */
  public PlanIntake(PlanParser parser, Path sourcesDir, TargetAddress target) {
    this(
        parser,
        sourcesDir,
        target,
        new PostgresSourceIntake(
            new PostgresSourceConnector(Duration.ofSeconds(DEFAULT_CONNECT_SECONDS))));
  }

  /** The database this deployment migrates into. */
  public TargetAddress target() {
    return target;
  }

  /**
   * Reads the plan's shape (enough to know its migration id).
   *
   * @throws PlanException naming every bad field
   */
  public MigrationPlan parse(String planText) {
    return parser.parse(planText);
  }

  /**
   * Validates a parsed plan and reads its sources' catalogs.
   *
   * @param planText the plan as submitted
   * @param parsed the plan as {@link #parse parsed} from it
   * @throws PlanException naming every bad field
   */
  public ProvisioningRequest prepare(String planText, MigrationPlan parsed) {
    List<PlanError> errors = new ArrayList<>(checkTarget(parsed.targetUrl()));
    MigrationPlan plan = parsed;
    try {
      plan = validator.validate(parsed);
    } catch (PlanException e) {
      errors.addAll(e.errors());
    }
    if (!errors.isEmpty()) {
      throw new PlanException(errors);
    }
    List<SourceCatalog> sources = new ArrayList<>();
    for (int i = 0; i < plan.sources().size(); i++) {
      SourceSpec source = plan.sources().get(i);
      String path = "sources[" + i + "]";
      if (source.kind() == SourceKind.POSTGRES) {
        String schemaField = parsed.sources().get(i).schemas().isEmpty() ? "schema" : "schemas";
        PostgresSourceIntake.Outcome outcome =
            postgres.read(plan.migration(), source, path, schemaField);
        errors.addAll(outcome.errors());
        if (outcome.catalog() != null) {
          sources.add(outcome.catalog());
        }
      } else {
        SourceCatalog catalog = sqlite(plan.migration(), source, path + ".path", errors);
        if (catalog != null) {
          sources.add(catalog);
        }
      }
    }
    errors.addAll(sharedTopics(plan, sources));
    if (!errors.isEmpty()) {
      throw new PlanException(errors);
    }
    return new ProvisioningRequest(plan, planText, PlanParser.toJson(planText), sources);
  }

  /**
   * Reads a SQLite source's file and shapes its tables by the plan's rules and the automatic
   * casting rules ({@link CastPlanner}, which profiles every column); null (and errors) when it
   * cannot be migrated.
   */
  private static SourceCatalog sqlite(
      String migration, SourceSpec source, String field, List<PlanError> errors) {
    try {
      Path file = Path.of(source.path());
      List<TableDef> tables =
          SqliteCatalogReader.read(file, migration, source.name(), source.schema());
      if (tables.isEmpty()) {
        errors.add(new PlanError(field, "no tables to migrate in " + source.path()));
      }
      Map<String, List<SqliteColumnProfiler.ForeignKey>> foreignKeys = new HashMap<>();
      Map<String, List<IndexDef>> indexes = new HashMap<>();
      try (Connection connection = SqliteCatalogReader.openReadOnly(file)) {
        for (TableDef table : tables) {
          foreignKeys.put(
              table.sourceTable(),
              SqliteColumnProfiler.foreignKeys(connection, table.sourceTable()));
          indexes.put(
              table.sourceTable(), SqliteColumnProfiler.indexes(connection, table.sourceTable()));
        }
      }
      String sourceField = field.substring(0, field.lastIndexOf('.'));
      List<TableDef> keyed = keyed(source, sourceField, tables, indexes, errors);
      // a table refused for want of an identity has been named already; its rules wait for it
      Map<String, TableRule> rules = new HashMap<>(source.tables());
      java.util.Set<String> kept = new java.util.HashSet<>();
      keyed.forEach(t -> kept.add(t.sourceTable()));
      tables.stream()
          .map(TableDef::sourceTable)
          .filter(name -> !kept.contains(name))
          .forEach(rules::remove);
      tables = keyed;
      Map<String, Map<String, ColumnProfile>> profiles = SqliteColumnProfiler.profile(file, tables);
      CastPlanner.Result shaped =
          CastPlanner.plan(
              migration, source.name(), sourceField, tables, rules, profiles, foreignKeys);
      errors.addAll(shaped.errors());
      shaped
          .notes()
          .forEach(n -> LOG.infof("Migration %s, source %s: %s", migration, source.name(), n));
      return new SourceCatalog(
          source,
          shaped.tables(),
          TableDdlBuilder.provisionIsolated(
              source.targetSchemas(), List.of(), shaped.tables(), shaped.extras()),
          shaped.notes(),
          FinalizeStatementBuilder.steps(shaped.tables(), shaped.extras(), indexes));
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
   * Each table keyed by its row identity ({@link RowIdentityResolver}) and sent to its rule's
   * target schema, if it names one; tables that nothing identifies are left out, with an error.
   */
  private static List<TableDef> keyed(
      SourceSpec source,
      String sourceField,
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
              sourceField + ".tables." + table.sourceTable(),
              "or add a primary key to it in the file",
              errors)
          .map(t -> rule == null || rule.schema() == null ? t : t.withTargetSchema(rule.schema()))
          .ifPresent(keyed::add);
    }
    return keyed;
  }

  /** No two tables of the plan may share a Kafka topic (names are sanitized into topics). */
  private static List<PlanError> sharedTopics(MigrationPlan plan, List<SourceCatalog> sources) {
    List<PlanError> errors = new ArrayList<>();
    Map<String, String> topicOwners = new HashMap<>();
    for (SourceCatalog catalog : sources) {
      for (TableDef table : catalog.tables()) {
        String owner = topicOwners.putIfAbsent(table.topic(), table.qualifiedSourceName());
        if (owner != null) {
          errors.add(
              new PlanError(
                  locationField(plan, catalog.source()),
                  "tables '"
                      + owner
                      + "' and '"
                      + table.qualifiedSourceName()
                      + "' would share the Kafka topic "
                      + table.topic()
                      + "; rename one of them"));
        }
      }
    }
    return errors;
  }

  /** {@code sources[i].path} or {@code sources[i].url}: where the source's tables come from. */
  private static String locationField(MigrationPlan plan, SourceSpec source) {
    return "sources["
        + plan.sources().indexOf(source)
        + "]."
        + (source.kind() == SourceKind.POSTGRES ? "url" : "path");
  }

  private List<PlanError> checkTarget(String targetUrl) {
    if (targetUrl == null) {
      return List.of();
    }
    TargetAddress named;
    try {
      named = TargetAddress.parse(targetUrl);
    } catch (IllegalArgumentException e) {
      return List.of(new PlanError("target.url", e.getMessage()));
    }
    if (named.sameAs(target)) {
      return List.of();
    }
    return List.of(
        new PlanError(
            "target.url",
            "this deployment migrates into "
                + target
                + ", not "
                + named
                + "; name that database or leave target.url out"));
  }
}
