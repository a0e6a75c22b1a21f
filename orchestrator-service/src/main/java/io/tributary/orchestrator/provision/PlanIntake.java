package io.tributary.orchestrator.provision;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.plan.MigrationPlan;
import io.tributary.common.plan.PlanError;
import io.tributary.common.plan.SourceKindRules;
import io.tributary.common.plan.SourceSpec;
import io.tributary.orchestrator.OrchestratorConfig;
import io.tributary.planning.PlanEnvironment;
import io.tributary.planning.PlanException;
import io.tributary.planning.PlanParser;
import io.tributary.planning.PlanValidator;
import io.tributary.source.spi.intake.SourceCatalog;
import io.tributary.source.spi.intake.SourceIntake;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
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
 * sources' catalogs (readable, with keys, no two tables on one topic), each by the {@link
 * SourceIntake} of its kind ({@link SourceIntakes}). Reads the sources; writes nothing.
 */
@ApplicationScoped
public class PlanIntake {
  private static final Logger LOG = Logger.getLogger(PlanIntake.class);
  private final PlanParser parser;
  private final PlanValidator validator;
  private final TargetAddress target;
  private final SourceIntakes intakes;
  private final SwitchActionPolicy actions;

  @Inject
  public PlanIntake(
      OrchestratorConfig config,
      @ConfigProperty(name = "quarkus.datasource.reactive.url") String targetUrl,
      SourceIntakes intakes,
      SwitchActionPolicy actions) {
    this(
        new PlanParser(new PlanEnvironment(System::getenv, config.planEnvironment())),
        config.sourcesDir(),
        TargetAddress.parse(targetUrl),
        intakes,
        actions);
  }

  /**
   * @param parser reads plans (and resolves their placeholders)
   * @param sourcesDir relative SQLite paths are resolved against it
   * @param target the database this deployment migrates into
   * @param intakes read the sources, by kind
   */
  public PlanIntake(
      PlanParser parser, Path sourcesDir, TargetAddress target, SourceIntakes intakes) {
    this(parser, sourcesDir, target, intakes, SwitchActionPolicy.unrestricted());
  }

  /**
   * @param parser reads plans (and resolves their placeholders)
   * @param sourcesDir relative source paths are resolved against it; no source path may leave it
   * @param target the database this deployment migrates into
   * @param intakes read the sources, by kind
   * @param actions where the plan's switch actions may reach
   */
  public PlanIntake(
      PlanParser parser,
      Path sourcesDir,
      TargetAddress target,
      SourceIntakes intakes,
      SwitchActionPolicy actions) {
    this.parser = parser;
    this.validator = new PlanValidator(sourcesDir, "tributary.orchestrator.sources-dir");
    this.target = target;
    this.intakes = intakes;
    this.actions = actions;
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
    errors.addAll(actions.check(parsed.cutover()));
    MigrationPlan plan = parsed;
    try {
      plan = validator.validate(parsed);
    } catch (PlanException e) {
      errors.addAll(e.errors());
    }
    if (!errors.isEmpty()) {
      throw parser.environment().redact(planText, new PlanException(errors));
    }
    List<SourceCatalog> sources = new ArrayList<>();
    for (int i = 0; i < plan.sources().size(); i++) {
      SourceSpec source = plan.sources().get(i);
      String path = "sources[" + i + "]";
      SourceCatalog catalog =
          intakes
              .of(source.kind())
              .read(plan.migration(), source, parsed.sources().get(i), path, errors);
      if (catalog != null) {
        sources.add(catalog);
      }
    }
    errors.addAll(sharedTopics(plan, sources));
    errors.addAll(sharedTables(plan, sources));
    if (!errors.isEmpty()) {
      throw parser.environment().redact(planText, new PlanException(errors));
    }
    return new ProvisioningRequest(plan, planText, PlanParser.toJson(planText), sources);
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

  /**
   * Sources may share a target schema (an application's SQLite file and its Chroma store), but no
   * two of their tables may go to one target table.
   */
  private static List<PlanError> sharedTables(MigrationPlan plan, List<SourceCatalog> sources) {
    List<PlanError> errors = new ArrayList<>();
    Map<String, TableDef> owners = new HashMap<>();
    for (SourceCatalog catalog : sources) {
      for (TableDef table : catalog.tables()) {
        String target = table.targetSchema() + '\0' + table.targetTable();
        TableDef owner = owners.putIfAbsent(target, table);
        if (owner != null) {
          errors.add(
              new PlanError(
                  locationField(plan, catalog.source()),
                  "table '"
                      + table.qualifiedSourceName()
                      + "' would go to "
                      + table.targetSchema()
                      + "."
                      + table.targetTable()
                      + ", which table '"
                      + owner.qualifiedSourceName()
                      + "' fills already; give one of them a schema of its own"
                      + " (tables.<table>.schema) or the source another schema"));
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
        + SourceKindRules.of(source.kind()).location().field();
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
