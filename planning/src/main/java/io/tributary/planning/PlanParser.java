package io.tributary.planning;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tributary.common.plan.ColumnRule;
import io.tributary.common.plan.CutoverPlan;
import io.tributary.common.plan.FullTextRule;
import io.tributary.common.plan.KeyRule;
import io.tributary.common.plan.MigrationPlan;
import io.tributary.common.plan.PlanError;
import io.tributary.common.plan.SourceKind;
import io.tributary.common.plan.SourceSpec;
import io.tributary.common.plan.TableRule;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a migration plan from YAML or JSON text (JSON is YAML) into a {@link MigrationPlan}.
 *
 * <p>Checks the shape of the plan: required fields, field types, unknown fields, names. Every
 * problem is collected and reported together, each naming its field ({@code sources[0].kind}).
 * {@code ${NAME}} placeholders in string values are replaced from the given environment; a
 * placeholder without a value is an error. What the plan means (does the file exist, is the kind
 * supported) is checked by {@link PlanValidator}.
 */
public final class PlanParser {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** Names of migrations and sources: they become parts of Kafka topic names. */
  public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

  private static final Set<String> PLAN_FIELDS =
      Set.of("migration", "target", "sources", "cutover");
  private static final Set<String> TARGET_FIELDS = Set.of("url");
  private static final Set<String> SOURCE_FIELDS =
      Set.of(
          "name", "kind", "path", "url", "schema", "schemas", "tables", "exclude", "collections");
  private static final Set<String> TABLE_FIELDS =
      Set.of("key", "columns", "checks", "schema", "fulltext");
  private static final Set<String> FULLTEXT_FIELDS = Set.of("columns", "language", "column");
  private static final Set<String> KEY_FIELDS = Set.of("column", "columns", "strategy");
  private static final Set<String> COLUMN_FIELDS =
      Set.of("name", "type", "invalid", "references", "default");

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
    Reader reader = new Reader(errors);
    reader.unknownFields(root, "", PLAN_FIELDS);

    String migration = reader.requiredText(root, "migration", "migration");
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
        reader.unknownFields(target, "target", TARGET_FIELDS);
        targetUrl = reader.optionalText(target, "url", "target.url");
      }
    }
    List<SourceSpec> sources = new ArrayList<>();
    JsonNode sourcesNode = root.get("sources");
    if (sourcesNode == null || sourcesNode.isNull()) {
      errors.add(new PlanError("sources", "required: a list of at least one source"));
    } else if (!sourcesNode.isArray() || sourcesNode.isEmpty()) {
      errors.add(new PlanError("sources", "expected a list of at least one source"));
    } else {
      for (int i = 0; i < sourcesNode.size(); i++) {
        SourceSpec source = reader.source(sourcesNode.get(i), "sources[" + i + "]");
        if (source != null) {
          sources.add(source);
        }
      }
    }
    Map<String, SourceSpec> byName = new LinkedHashMap<>();
    sources.stream()
        .filter(source -> source.name() != null)
        .forEach(source -> byName.putIfAbsent(source.name(), source));
    CutoverPlan cutover =
        new CutoverPlanParser(errors, reader::text).parse(root.get("cutover"), byName);
    if (!errors.isEmpty()) {
      throw new PlanException(errors);
    }
    return new MigrationPlan(migration, targetUrl, sources, cutover);
  }

  /** Walks the tree, collecting errors. */
  private final class Reader {
    private final List<PlanError> errors;

    Reader(List<PlanError> errors) {
      this.errors = errors;
    }

    void unknownFields(JsonNode node, String path, Set<String> known) {
      Iterator<String> names = node.fieldNames();
      while (names.hasNext()) {
        String name = names.next();
        if (!known.contains(name)) {
          errors.add(
              new PlanError(
                  join(path, name), "unknown field; expected one of " + new TreeSet<>(known)));
        }
      }
    }

    String requiredText(JsonNode node, String field, String path) {
      JsonNode value = node.get(field);
      if (value == null || value.isNull()) {
        errors.add(new PlanError(path, "required"));
        return null;
      }
      return text(value, path);
    }

    String optionalText(JsonNode node, String field, String path) {
      JsonNode value = node.get(field);
      if (value == null || value.isNull()) {
        return null;
      }
      return text(value, path);
    }

    String text(JsonNode value, String path) {
      if (!value.isValueNode() || value.isBoolean()) {
        errors.add(new PlanError(path, "expected a string"));
        return null;
      }
      String raw = value.asText();
      if (raw.isBlank()) {
        errors.add(new PlanError(path, "must not be empty"));
        return null;
      }
      return resolvePlaceholders(raw, path);
    }

    private String resolvePlaceholders(String raw, String path) {
      Matcher m = PlanEnvironment.PLACEHOLDER.matcher(raw);
      StringBuilder out = new StringBuilder();
      boolean ok = true;
      while (m.find()) {
        if (!environment.readable(m.group(1))) {
          errors.add(
              new PlanError(
                  path,
                  "placeholder ${"
                      + m.group(1)
                      + "} names a variable plans may not read: the orchestrator's own settings"
                      + " (QUARKUS_*, TRIBUTARY_*, KAFKA_*, ...) stay its own"
                      + " (tributary.orchestrator.plan-environment says which names plans read)"));
          ok = false;
          m.appendReplacement(out, "");
          continue;
        }
        String value = environment.value(m.group(1));
        if (value == null) {
          errors.add(
              new PlanError(
                  path, "placeholder ${" + m.group(1) + "} has no value in the environment"));
          ok = false;
          value = "";
        }
        m.appendReplacement(out, Matcher.quoteReplacement(value));
      }
      m.appendTail(out);
      return ok ? out.toString() : null;
    }

    SourceSpec source(JsonNode node, String path) {
      if (node == null || !node.isObject()) {
        errors.add(new PlanError(path, "expected a mapping with name, kind and location"));
        return null;
      }
      unknownFields(node, path, SOURCE_FIELDS);
      String name = requiredText(node, "name", join(path, "name"));
      if (name != null && !NAME.matcher(name).matches()) {
        errors.add(
            new PlanError(
                join(path, "name"),
                "'" + name + "' is not a valid name: use 1-63 of a-z, 0-9, '_' and '-'"));
      }
      String kindText = requiredText(node, "kind", join(path, "kind"));
      SourceKind kind = null;
      if (kindText != null) {
        kind = SourceKind.fromPlanName(kindText).orElse(null);
        if (kind == null) {
          errors.add(
              new PlanError(
                  join(path, "kind"),
                  "'"
                      + kindText
                      + "' is not a source kind; expected sqlite, postgres, mysql or chroma"));
        }
      }
      String filePath = optionalText(node, "path", join(path, "path"));
      String url = optionalText(node, "url", join(path, "url"));
      String schema = optionalText(node, "schema", join(path, "schema"));
      Map<String, String> schemas = stringMap(node.get("schemas"), join(path, "schemas"));
      Map<String, TableRule> tables = tables(node.get("tables"), join(path, "tables"));
      List<String> exclude = textList(node.get("exclude"), join(path, "exclude"));
      List<String> collections =
          node.has("collections")
              ? textList(node.get("collections"), join(path, "collections"), "collection names")
              : null;
      return new SourceSpec(
          name, kind, filePath, url, schema, schemas, tables, exclude, collections);
    }

    private Map<String, String> stringMap(JsonNode node, String path) {
      Map<String, String> out = new LinkedHashMap<>();
      if (node == null || node.isNull()) {
        return out;
      }
      if (!node.isObject()) {
        errors.add(new PlanError(path, "expected a mapping of source schema to target schema"));
        return out;
      }
      if (node.isEmpty()) {
        errors.add(
            new PlanError(path, "expected at least one source schema mapped to a target schema"));
        return out;
      }
      node.fields()
          .forEachRemaining(
              e -> {
                String value = text(e.getValue(), join(path, e.getKey()));
                if (value != null) {
                  out.put(e.getKey(), value);
                }
              });
      return out;
    }

    /** A list of strings, e.g. {@code exclude: [public.audit_log]}. */
    private List<String> textList(JsonNode node, String path) {
      return textList(node, path, "schema.table names");
    }

    /** A list of strings; {@code what} says what they are when the node is no list. */
    private List<String> textList(JsonNode node, String path, String what) {
      List<String> out = new ArrayList<>();
      if (node == null || node.isNull()) {
        return out;
      }
      if (!node.isArray()) {
        errors.add(new PlanError(path, "expected a list of " + what));
        return out;
      }
      for (int i = 0; i < node.size(); i++) {
        String value = text(node.get(i), path + "[" + i + "]");
        if (value != null) {
          out.add(value);
        }
      }
      return out;
    }

    private Map<String, TableRule> tables(JsonNode node, String path) {
      Map<String, TableRule> out = new LinkedHashMap<>();
      if (node == null || node.isNull()) {
        return out;
      }
      if (!node.isObject()) {
        errors.add(new PlanError(path, "expected a mapping of table name to table rules"));
        return out;
      }
      node.fields()
          .forEachRemaining(e -> out.put(e.getKey(), table(e.getValue(), join(path, e.getKey()))));
      return out;
    }

    private TableRule table(JsonNode node, String path) {
      if (node == null || node.isNull()) {
        return new TableRule(null, null, null);
      }
      if (!node.isObject()) {
        errors.add(new PlanError(path, "expected a mapping with key, columns and checks"));
        return new TableRule(null, null, null);
      }
      unknownFields(node, path, TABLE_FIELDS);
      KeyRule key = null;
      JsonNode keyNode = node.get("key");
      if (keyNode != null && !keyNode.isNull()) {
        if (!keyNode.isObject()) {
          errors.add(
              new PlanError(
                  join(path, "key"), "expected a mapping with column, columns and strategy"));
        } else {
          unknownFields(keyNode, join(path, "key"), KEY_FIELDS);
          String strategy = optionalText(keyNode, "strategy", join(path, "key.strategy"));
          if (strategy != null
              && !strategy.equals(KeyRule.KEEP)
              && !strategy.equals(KeyRule.UUID5)) {
            errors.add(
                new PlanError(
                    join(path, "key.strategy"),
                    "'" + strategy + "' is not a key strategy; expected keep or uuid5"));
          }
          List<String> keyColumns = names(keyNode.get("columns"), join(path, "key.columns"));
          String column = optionalText(keyNode, "column", join(path, "key.column"));
          if (column != null && !keyColumns.isEmpty()) {
            errors.add(
                new PlanError(
                    join(path, "key"),
                    "give either column (the primary key to remap) or columns (the identity of a"
                        + " table without a primary key), not both"));
          }
          key = new KeyRule(column, strategy, keyColumns);
        }
      }
      Map<String, ColumnRule> columns = new LinkedHashMap<>();
      JsonNode columnsNode = node.get("columns");
      if (columnsNode != null && !columnsNode.isNull()) {
        if (!columnsNode.isObject()) {
          errors.add(
              new PlanError(join(path, "columns"), "expected a mapping of column name to rules"));
        } else {
          columnsNode
              .fields()
              .forEachRemaining(
                  e ->
                      columns.put(
                          e.getKey(), column(e.getValue(), join(path, "columns." + e.getKey()))));
        }
      }
      List<String> checks = new ArrayList<>();
      JsonNode checksNode = node.get("checks");
      if (checksNode != null && !checksNode.isNull()) {
        if (!checksNode.isArray()) {
          errors.add(new PlanError(join(path, "checks"), "expected a list of CHECK expressions"));
        } else {
          for (int i = 0; i < checksNode.size(); i++) {
            String checkPath = join(path, "checks[" + i + "]");
            String check = text(checksNode.get(i), checkPath);
            if (check != null) {
              String problem = SqlFragment.checkProblem(check);
              if (problem != null) {
                errors.add(new PlanError(checkPath, "the CHECK expression " + problem));
              } else {
                checks.add(check);
              }
            }
          }
        }
      }
      String schema = optionalText(node, "schema", join(path, "schema"));
      FullTextRule fulltext = null;
      JsonNode fulltextNode = node.get("fulltext");
      if (fulltextNode != null && !fulltextNode.isNull()) {
        String fulltextPath = join(path, "fulltext");
        if (!fulltextNode.isObject()) {
          errors.add(
              new PlanError(fulltextPath, "expected a mapping with columns, language and column"));
        } else {
          unknownFields(fulltextNode, fulltextPath, FULLTEXT_FIELDS);
          fulltext =
              new FullTextRule(
                  names(fulltextNode.get("columns"), join(fulltextPath, "columns")),
                  optionalText(fulltextNode, "language", join(fulltextPath, "language")),
                  optionalText(fulltextNode, "column", join(fulltextPath, "column")));
        }
      }
      return new TableRule(key, columns, checks, schema, fulltext);
    }

    /** A list of distinct column names; empty when absent. */
    private List<String> names(JsonNode node, String path) {
      List<String> out = new ArrayList<>();
      if (node == null || node.isNull()) {
        return out;
      }
      if (!node.isArray() || node.isEmpty()) {
        errors.add(new PlanError(path, "expected a non-empty list of column names"));
        return out;
      }
      for (int i = 0; i < node.size(); i++) {
        String name = text(node.get(i), path + "[" + i + "]");
        if (name == null) {
          continue;
        }
        if (out.contains(name)) {
          errors.add(new PlanError(path + "[" + i + "]", "'" + name + "' is named twice"));
        } else {
          out.add(name);
        }
      }
      return out;
    }

    private ColumnRule column(JsonNode node, String path) {
      if (node == null || !node.isObject()) {
        errors.add(
            new PlanError(
                path, "expected a mapping with name, type, invalid, references or default"));
        return new ColumnRule(null, null, null, null, null);
      }
      unknownFields(node, path, COLUMN_FIELDS);
      String invalid = optionalText(node, "invalid", join(path, "invalid"));
      if (invalid != null && !invalid.equals("reject") && !invalid.equals("null")) {
        errors.add(
            new PlanError(
                join(path, "invalid"),
                "'" + invalid + "' is not a policy; expected reject or null"));
      }
      String defaultValue = optionalText(node, "default", join(path, "default"));
      if (defaultValue != null) {
        String problem = SqlFragment.defaultProblem(defaultValue);
        if (problem != null) {
          errors.add(new PlanError(join(path, "default"), "the default expression " + problem));
          defaultValue = null;
        }
      }
      return new ColumnRule(
          optionalText(node, "name", join(path, "name")),
          optionalText(node, "type", join(path, "type")),
          invalid,
          optionalText(node, "references", join(path, "references")),
          defaultValue);
    }
  }

  private static String join(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
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
