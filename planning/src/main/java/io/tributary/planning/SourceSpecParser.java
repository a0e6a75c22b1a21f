package io.tributary.planning;

import static io.tributary.planning.PlanFieldReader.join;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.common.plan.ObjectRule;
import io.tributary.common.plan.SourceKind;
import io.tributary.common.plan.SourceSpec;
import io.tributary.common.plan.TableRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one entry of a plan's {@code sources} list into a {@link SourceSpec}: its name, kind,
 * location, schema mapping, excluded tables, collections and table rules (read by {@link
 * TableRuleParser}). Whether the location exists is {@link PlanValidator}'s concern.
 */
final class SourceSpecParser {
  private static final Set<String> SOURCE_FIELDS =
      Set.of(
          "name",
          "kind",
          "path",
          "url",
          "schema",
          "schemas",
          "tables",
          "exclude",
          "collections",
          "objects");

  private final PlanFieldReader fields;
  private final TableRuleParser tables;

  SourceSpecParser(PlanFieldReader fields) {
    this.fields = fields;
    this.tables = new TableRuleParser(fields);
  }

  /** The source at {@code path}, or null (the problem recorded) when it is no mapping. */
  SourceSpec source(JsonNode node, String path) {
    if (node == null || !node.isObject()) {
      fields.error(path, "expected a mapping with name, kind and location");
      return null;
    }
    fields.unknownFields(node, path, SOURCE_FIELDS);
    String name = fields.requiredText(node, "name", join(path, "name"));
    if (name != null && !PlanParser.NAME.matcher(name).matches()) {
      fields.error(
          join(path, "name"),
          "'" + name + "' is not a valid name: use 1-63 of a-z, 0-9, '_' and '-'");
    }
    String kindText = fields.requiredText(node, "kind", join(path, "kind"));
    SourceKind kind = null;
    if (kindText != null) {
      kind = SourceKind.fromPlanName(kindText).orElse(null);
      if (kind == null) {
        fields.error(
            join(path, "kind"),
            "'" + kindText + "' is not a source kind; expected sqlite, postgres, mysql or chroma");
      }
    }
    String filePath = fields.optionalText(node, "path", join(path, "path"));
    String url = fields.optionalText(node, "url", join(path, "url"));
    String schema = fields.optionalText(node, "schema", join(path, "schema"));
    Map<String, String> schemas = stringMap(node.get("schemas"), join(path, "schemas"));
    Map<String, TableRule> tableRules = tables.tables(node.get("tables"), join(path, "tables"));
    List<String> exclude =
        textList(node.get("exclude"), join(path, "exclude"), "schema.table names");
    List<String> collections =
        node.has("collections")
            ? textList(node.get("collections"), join(path, "collections"), "collection names")
            : null;
    return new SourceSpec(
        name,
        kind,
        filePath,
        url,
        schema,
        schemas,
        tableRules,
        exclude,
        collections,
        objects(node.get("objects"), join(path, "objects")));
  }

  /**
   * {@code objects}: each view's or trigger's replacement, or {@code skip} ({@link ObjectRule}); a
   * bad entry is an error at its own field ({@code sources[0].objects.view x}).
   */
  private Map<String, ObjectRule> objects(JsonNode node, String path) {
    Map<String, ObjectRule> out = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (!node.isObject()) {
      fields.error(
          path,
          "expected a mapping of 'view <name>' or 'trigger <name>' to its PostgreSQL, or skip");
      return out;
    }
    node.fields()
        .forEachRemaining(
            e -> {
              String field = join(path, e.getKey());
              String value = fields.text(e.getValue(), field);
              if (value != null) {
                try {
                  ObjectRule rule = ObjectRule.parse(e.getKey(), value);
                  if (out.values().stream().anyMatch(r -> r.key().equals(rule.key()))) {
                    fields.error(field, "'" + rule.key() + "' is given twice");
                  } else {
                    out.put(e.getKey(), rule);
                  }
                } catch (IllegalArgumentException ex) {
                  fields.error(field, ex.getMessage());
                }
              }
            });
    return out;
  }

  private Map<String, String> stringMap(JsonNode node, String path) {
    Map<String, String> out = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (!node.isObject()) {
      fields.error(path, "expected a mapping of source schema to target schema");
      return out;
    }
    if (node.isEmpty()) {
      fields.error(path, "expected at least one source schema mapped to a target schema");
      return out;
    }
    node.fields()
        .forEachRemaining(
            e -> {
              String value = fields.text(e.getValue(), join(path, e.getKey()));
              if (value != null) {
                out.put(e.getKey(), value);
              }
            });
    return out;
  }

  /**
   * A list of strings, e.g. {@code exclude: [public.audit_log]}; {@code what} says what they are
   * when the node is no list.
   */
  private List<String> textList(JsonNode node, String path, String what) {
    List<String> out = new ArrayList<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (!node.isArray()) {
      fields.error(path, "expected a list of " + what);
      return out;
    }
    for (int i = 0; i < node.size(); i++) {
      String value = fields.text(node.get(i), path + "[" + i + "]");
      if (value != null) {
        out.add(value);
      }
    }
    return out;
  }
}
