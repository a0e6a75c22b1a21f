package io.tributary.planning;

import static io.tributary.planning.PlanFieldReader.join;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.common.plan.ColumnRule;
import io.tributary.common.plan.FullTextRule;
import io.tributary.common.plan.KeyRule;
import io.tributary.common.plan.TableRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a source's {@code tables} section into {@link TableRule}s: each table's key, column rules,
 * CHECK expressions, target schema and full-text rule. SQL fragments (checks, defaults) are checked
 * by {@link SqlFragment}.
 */
final class TableRuleParser {
  private static final Set<String> TABLE_FIELDS =
      Set.of("key", "columns", "checks", "schema", "fulltext");
  private static final Set<String> FULLTEXT_FIELDS = Set.of("columns", "language", "column");
  private static final Set<String> KEY_FIELDS = Set.of("column", "columns", "strategy");
  private static final Set<String> COLUMN_FIELDS =
      Set.of("name", "type", "invalid", "references", "default");

  private final PlanFieldReader fields;

  TableRuleParser(PlanFieldReader fields) {
    this.fields = fields;
  }

  /** The rules of each table named in {@code node} (empty when absent). */
  Map<String, TableRule> tables(JsonNode node, String path) {
    Map<String, TableRule> out = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (!node.isObject()) {
      fields.error(path, "expected a mapping of table name to table rules");
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
      fields.error(path, "expected a mapping with key, columns and checks");
      return new TableRule(null, null, null);
    }
    fields.unknownFields(node, path, TABLE_FIELDS);
    KeyRule key = key(node.get("key"), path);
    Map<String, ColumnRule> columns = columns(node.get("columns"), path);
    List<String> checks = checks(node.get("checks"), path);
    String schema = fields.optionalText(node, "schema", join(path, "schema"));
    FullTextRule fulltext = fulltext(node.get("fulltext"), join(path, "fulltext"));
    return new TableRule(key, columns, checks, schema, fulltext);
  }

  private KeyRule key(JsonNode keyNode, String path) {
    if (keyNode == null || keyNode.isNull()) {
      return null;
    }
    if (!keyNode.isObject()) {
      fields.error(join(path, "key"), "expected a mapping with column, columns and strategy");
      return null;
    }
    fields.unknownFields(keyNode, join(path, "key"), KEY_FIELDS);
    String strategy = fields.optionalText(keyNode, "strategy", join(path, "key.strategy"));
    if (strategy != null && !strategy.equals(KeyRule.KEEP) && !strategy.equals(KeyRule.UUID5)) {
      fields.error(
          join(path, "key.strategy"),
          "'" + strategy + "' is not a key strategy; expected keep or uuid5");
    }
    List<String> keyColumns = names(keyNode.get("columns"), join(path, "key.columns"));
    String column = fields.optionalText(keyNode, "column", join(path, "key.column"));
    if (column != null && !keyColumns.isEmpty()) {
      fields.error(
          join(path, "key"),
          "give either column (the primary key to remap) or columns (the identity of a"
              + " table without a primary key), not both");
    }
    return new KeyRule(column, strategy, keyColumns);
  }

  private Map<String, ColumnRule> columns(JsonNode columnsNode, String path) {
    Map<String, ColumnRule> columns = new LinkedHashMap<>();
    if (columnsNode != null && !columnsNode.isNull()) {
      if (!columnsNode.isObject()) {
        fields.error(join(path, "columns"), "expected a mapping of column name to rules");
      } else {
        columnsNode
            .fields()
            .forEachRemaining(
                e ->
                    columns.put(
                        e.getKey(), column(e.getValue(), join(path, "columns." + e.getKey()))));
      }
    }
    return columns;
  }

  private List<String> checks(JsonNode checksNode, String path) {
    List<String> checks = new ArrayList<>();
    if (checksNode != null && !checksNode.isNull()) {
      if (!checksNode.isArray()) {
        fields.error(join(path, "checks"), "expected a list of CHECK expressions");
      } else {
        for (int i = 0; i < checksNode.size(); i++) {
          String checkPath = join(path, "checks[" + i + "]");
          String check = fields.text(checksNode.get(i), checkPath);
          if (check != null) {
            String problem = SqlFragment.checkProblem(check);
            if (problem != null) {
              fields.error(checkPath, "the CHECK expression " + problem);
            } else {
              checks.add(check);
            }
          }
        }
      }
    }
    return checks;
  }

  private FullTextRule fulltext(JsonNode fulltextNode, String fulltextPath) {
    if (fulltextNode == null || fulltextNode.isNull()) {
      return null;
    }
    if (!fulltextNode.isObject()) {
      fields.error(fulltextPath, "expected a mapping with columns, language and column");
      return null;
    }
    fields.unknownFields(fulltextNode, fulltextPath, FULLTEXT_FIELDS);
    return new FullTextRule(
        names(fulltextNode.get("columns"), join(fulltextPath, "columns")),
        fields.optionalText(fulltextNode, "language", join(fulltextPath, "language")),
        fields.optionalText(fulltextNode, "column", join(fulltextPath, "column")));
  }

  /** A list of distinct column names; empty when absent. */
  private List<String> names(JsonNode node, String path) {
    List<String> out = new ArrayList<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (!node.isArray() || node.isEmpty()) {
      fields.error(path, "expected a non-empty list of column names");
      return out;
    }
    for (int i = 0; i < node.size(); i++) {
      String name = fields.text(node.get(i), path + "[" + i + "]");
      if (name == null) {
        continue;
      }
      if (out.contains(name)) {
        fields.error(path + "[" + i + "]", "'" + name + "' is named twice");
      } else {
        out.add(name);
      }
    }
    return out;
  }

  private ColumnRule column(JsonNode node, String path) {
    if (node == null || !node.isObject()) {
      fields.error(path, "expected a mapping with name, type, invalid, references or default");
      return new ColumnRule(null, null, null, null, null);
    }
    fields.unknownFields(node, path, COLUMN_FIELDS);
    String invalid = fields.optionalText(node, "invalid", join(path, "invalid"));
    if (invalid != null && !invalid.equals("reject") && !invalid.equals("null")) {
      fields.error(
          join(path, "invalid"), "'" + invalid + "' is not a policy; expected reject or null");
    }
    String defaultValue = fields.optionalText(node, "default", join(path, "default"));
    if (defaultValue != null) {
      String problem = SqlFragment.defaultProblem(defaultValue);
      if (problem != null) {
        fields.error(join(path, "default"), "the default expression " + problem);
        defaultValue = null;
      }
    }
    return new ColumnRule(
        fields.optionalText(node, "name", join(path, "name")),
        fields.optionalText(node, "type", join(path, "type")),
        invalid,
        fields.optionalText(node, "references", join(path, "references")),
        defaultValue);
  }
}
