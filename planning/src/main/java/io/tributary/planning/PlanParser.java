package io.tributary.planning;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tributary.common.plan.CutoverPlan;
import io.tributary.common.plan.MigrationPlan;
import io.tributary.common.plan.PlanError;
import io.tributary.common.plan.SourceSpec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Reads a migration plan from YAML or JSON text (JSON is YAML) into a {@link MigrationPlan}.
 *
 * <p>Checks the shape of the plan: required fields, field types, unknown fields, names. Every
 * problem is collected and reported together, each naming its field ({@code sources[0].kind}).
 * {@code ${NAME}} placeholders in string values are replaced from the given environment; a
 * placeholder without a value is an error. What the plan means (does the file exist, is the kind
 * supported) is checked by {@link PlanValidator}. The sources are read by {@link SourceSpecParser},
 * the cutover section by {@link CutoverPlanParser}.
 */
public final class PlanParser {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** Names of migrations and sources: they become parts of Kafka topic names. */
  public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

  private static final Set<String> PLAN_FIELDS =
      Set.of("migration", "target", "sources", "cutover");
  private static final Set<String> TARGET_FIELDS = Set.of("url");

  private final PlanEnvironment environment;

  /**
   * @param environment resolves {@code ${NAME}} placeholders, of the names plans may read
   */
  public PlanParser(PlanEnvironment environment) {
    this.environment = environment;
  }

  /**
   * @param environment resolves {@code ${NAME}} placeholders; returns null for unknown names. Plans
   *     read the names {@link PlanEnvironment#DEFAULT_READABLE} allows
   */
  public PlanParser(UnaryOperator<String> environment) {
    this(PlanEnvironment.of(environment));
  }

  /** A parser that resolves placeholders from the process environment. */
  public static PlanParser withSystemEnvironment() {
    return new PlanParser(PlanEnvironment.system());
  }

  /** Where placeholders get their values; {@link PlanEnvironment#redact} takes them out again. */
  public PlanEnvironment environment() {
    return environment;
  }

  /**
   * Parses a plan.
   *
   * @throws PlanException naming every bad field
   */
  public MigrationPlan parse(String text) {
    try {
      return read(text);
    } catch (PlanException e) {
      throw environment.redact(text, e);
    }
  }

  /**
   * Refuses a NUL character in any name or value of the plan: no path, identifier, URL or
   * expression can hold one (PostgreSQL text cannot, file systems cannot).
   */
  private static void nulCharacters(JsonNode node, String path, List<PlanError> errors) {
    if (node.isTextual() && node.textValue().indexOf('\u0000') >= 0) {
      errors.add(new PlanError(path.isEmpty() ? "plan" : path, NUL_MESSAGE));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        nulCharacters(node.get(i), path + "[" + i + "]", errors);
      }
    } else if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        String at = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
        if (field.getKey().indexOf('\u0000') >= 0) {
          errors.add(new PlanError(at.replace("\u0000", "\\u0000"), NUL_MESSAGE));
        } else {
          nulCharacters(field.getValue(), at, errors);
        }
      }
    }
  }

  private static final String NUL_MESSAGE =
      "contains a NUL character (\\u0000), which no name, path, URL or expression can hold";

  private MigrationPlan read(String text) {
    if (text == null || text.isBlank()) {
      throw new PlanException("plan", "the plan is empty; expected YAML or JSON");
    }
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (JsonProcessingException e) {
      throw new PlanException("plan", "not valid YAML or JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new PlanException("plan", "expected a mapping with migration, target and sources");
    }
    List<PlanError> errors = new ArrayList<>();
    nulCharacters(root, "", errors);
    if (!errors.isEmpty()) {
      throw new PlanException(errors);
    }
    PlanFieldReader fields = new PlanFieldReader(errors, environment);
    fields.unknownFields(root, "", PLAN_FIELDS);

    String migration = fields.requiredText(root, "migration", "migration");
    if (migration != null && !NAME.matcher(migration).matches()) {
      errors.add(
          new PlanError(
              "migration",
              "'"
                  + migration
                  + "' is not a valid name: use 1-63 of a-z, 0-9, '_' and '-',"
                  + " starting with a letter or digit"));
    }
    String targetUrl = null;
    JsonNode target = root.get("target");
    if (target != null && !target.isNull()) {
      if (!target.isObject()) {
        errors.add(new PlanError("target", "expected a mapping with url"));
      } else {
        fields.unknownFields(target, "target", TARGET_FIELDS);
        targetUrl = fields.optionalText(target, "url", "target.url");
      }
    }
    List<SourceSpec> sources = new ArrayList<>();
    JsonNode sourcesNode = root.get("sources");
    if (sourcesNode == null || sourcesNode.isNull()) {
      errors.add(new PlanError("sources", "required: a list of at least one source"));
    } else if (!sourcesNode.isArray() || sourcesNode.isEmpty()) {
      errors.add(new PlanError("sources", "expected a list of at least one source"));
    } else {
      SourceSpecParser sourceParser = new SourceSpecParser(fields);
      for (int i = 0; i < sourcesNode.size(); i++) {
        SourceSpec source = sourceParser.source(sourcesNode.get(i), "sources[" + i + "]");
        if (source != null) {
          sources.add(source);
        }
      }
    }
    Map<String, SourceSpec> byName = new LinkedHashMap<>();
    sources.stream()
        .filter(source -> source.name() != null)
        .forEach(source -> byName.putIfAbsent(source.name(), source));
    CutoverPlan cutover = new CutoverPlanParser(fields).parse(root.get("cutover"), byName);
    if (!errors.isEmpty()) {
      throw new PlanException(errors);
    }
    return new MigrationPlan(migration, targetUrl, sources, cutover);
  }

  /** Re-renders a parsed YAML or JSON text as compact JSON (for storage as jsonb). */
  public static String toJson(String text) {
    try {
      JsonNode node = YAML.readTree(text);
      return new ObjectMapper().writeValueAsString(node == null ? YAML.createObjectNode() : node);
    } catch (JsonProcessingException e) {
      throw new PlanException("plan", "not valid YAML or JSON: " + e.getOriginalMessage());
    }
  }
}
