package io.tributary.orchestrator.provision;

import io.tributary.common.catalog.CatalogException;
import io.tributary.common.catalog.SqliteCatalogReader;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.plan.MigrationPlan;
import io.tributary.common.plan.PlanError;
import io.tributary.common.plan.PlanException;
import io.tributary.common.plan.PlanParser;
import io.tributary.common.plan.PlanValidator;
import io.tributary.common.plan.SourceSpec;
import io.tributary.common.sql.TableDdlBuilder;
import io.tributary.orchestrator.OrchestratorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Turns a submitted plan into a {@link ProvisioningRequest}, refusing it with a {@link
 * PlanException} that names every bad field: the plan's shape ({@link PlanParser}), what it means
 * here ({@link PlanValidator}), its {@code target.url} against this deployment's target, and the
 * sources' catalogs (readable, with keys, no two tables on one topic). Reads the source files;
 * writes nothing.
 */
@ApplicationScoped
public class PlanIntake {
  private final PlanParser parser;
  private final PlanValidator validator;
  private final TargetAddress target;

  @Inject
  public PlanIntake(
      OrchestratorConfig config,
      @ConfigProperty(name = "quarkus.datasource.reactive.url") String targetUrl) {
    this(PlanParser.withSystemEnvironment(), config.sourcesDir(), TargetAddress.parse(targetUrl));
  }

  /**
   * @param parser reads plans (and resolves their placeholders)
   * @param sourcesDir relative SQLite paths are resolved against it
   * @param target the database this deployment migrates into
   */
  public PlanIntake(PlanParser parser, Path sourcesDir, TargetAddress target) {
    this.parser = parser;
    this.validator = new PlanValidator(sourcesDir);
    this.target = target;
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
    Map<String, String> topicOwners = new HashMap<>();
    for (int i = 0; i < plan.sources().size(); i++) {
      SourceSpec source = plan.sources().get(i);
      String field = "sources[" + i + "].path";
      try {
        List<TableDef> tables =
            SqliteCatalogReader.read(
                Path.of(source.path()), plan.migration(), source.name(), source.schema());
        if (tables.isEmpty()) {
          errors.add(new PlanError(field, "no tables to migrate in " + source.path()));
        }
        for (TableDef table : tables) {
          String owner = topicOwners.putIfAbsent(table.topic(), table.qualifiedSourceName());
          if (owner != null) {
            errors.add(
                new PlanError(
                    field,
                    "tables '"
                        + owner
                        + "' and '"
                        + table.qualifiedSourceName()
                        + "' would share the Kafka topic "
                        + table.topic()
                        + "; rename one of them"));
          }
        }
        sources.add(
            new SourceCatalog(source, tables, TableDdlBuilder.provision(source.schema(), tables)));
      } catch (CatalogException | IllegalArgumentException e) {
        errors.add(new PlanError(field, e.getMessage()));
      }
    }
    if (!errors.isEmpty()) {
      throw new PlanException(errors);
    }
    return new ProvisioningRequest(plan, planText, PlanParser.toJson(planText), sources);
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
