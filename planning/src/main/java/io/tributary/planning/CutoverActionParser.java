package io.tributary.planning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tributary.common.plan.CutoverAction;
import io.tributary.common.plan.SourceKindRules;
import io.tributary.common.plan.SourceSpec;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the {@code actions} list of a plan's {@code cutover} section into {@link CutoverAction}s
 * (pgbouncer, webhook, event, env-file), each checked against the plan's sources: a pgbouncer
 * action names a postgres source, an env-file action one source of the plan.
 */
final class CutoverActionParser {
  private static final Set<String> PGBOUNCER_FIELDS =
      Set.of("source", "admin", "database", "config", "target-user", "target-password");
  private static final Set<String> WEBHOOK_FIELDS = Set.of("url", "headers", "timeout");
  private static final Set<String> EVENT_FIELDS = Set.of("topic");
  private static final Set<String> ENV_FILE_FIELDS = Set.of("path", "source");
  private static final Set<String> ACTION_KINDS =
      Set.of("pgbouncer", "webhook", "event", "env-file");

  private final PlanFieldReader fields;

  CutoverActionParser(PlanFieldReader fields) {
    this.fields = fields;
  }

  /**
   * Reads the actions, leaving out those with problems (recorded).
   *
   * @param list the {@code cutover.actions} node, null when the plan has none
   * @param sources the plan's sources, by name
   */
  List<CutoverAction> actions(JsonNode list, Map<String, SourceSpec> sources) {
    List<CutoverAction> actions = new ArrayList<>();
    if (list != null && !list.isNull()) {
      if (!list.isArray()) {
        fields.error("cutover.actions", "expected a list of actions");
      } else {
        for (int i = 0; i < list.size(); i++) {
          CutoverAction action = action(list.get(i), "cutover.actions[" + i + "]", sources);
          if (action != null) {
            actions.add(action);
          }
        }
      }
    }
    return actions;
  }

  private CutoverAction action(JsonNode node, String path, Map<String, SourceSpec> sources) {
    if (node == null || !node.isObject() || node.size() != 1) {
      fields.error(path, "expected a mapping with exactly one of " + new TreeSet<>(ACTION_KINDS));
      return null;
    }
    String kind = node.fieldNames().next();
    JsonNode spec = node.get(kind);
    String at = path + "." + kind;
    if (!ACTION_KINDS.contains(kind)) {
      fields.error(at, "unknown action; expected one of " + new TreeSet<>(ACTION_KINDS));
      return null;
    }
    if (spec == null || spec.isNull()) {
      spec = JsonNodeFactory.instance.objectNode();
    }
    if (!spec.isObject()) {
      fields.error(at, "expected a mapping");
      return null;
    }
    return switch (kind) {
      case "pgbouncer" -> pgBouncer(spec, at, sources);
      case "webhook" -> webhook(spec, at);
      case "event" -> event(spec, at);
      default -> envFile(spec, at, sources);
    };
  }

  private CutoverAction pgBouncer(JsonNode spec, String at, Map<String, SourceSpec> sources) {
    fields.unknownFields(spec, at, PGBOUNCER_FIELDS);
    String source = required(spec, "source", at);
    String admin = required(spec, "admin", at);
    String database = required(spec, "database", at);
    String config = required(spec, "config", at);
    String user = optional(spec, "target-user", at);
    String password = optional(spec, "target-password", at);
    if (source != null) {
      SourceSpec s = sources.get(source);
      if (s == null) {
        fields.error(
            at + ".source", "no such source in this plan" + CutoverPlanParser.sourceList(sources));
        source = null;
      } else if (s.kind() == null || !SourceKindRules.of(s.kind()).pgBouncer()) {
        fields.error(
            at + ".source",
            "source '"
                + source
                + "' is "
                + s.kind().planName()
                + "; applications reach only postgres sources through PgBouncer");
        source = null;
      }
    }
    if (admin != null && !admin.startsWith("postgresql://") && !admin.startsWith("postgres://")) {
      fields.error(
          at + ".admin",
          "expected the admin console's URL, postgresql://user[:password]@host:port/pgbouncer");
      admin = null;
    }
    if (source == null || admin == null || database == null || config == null) {
      return null;
    }
    return new CutoverAction.PgBouncer(source, admin, database, Path.of(config), user, password);
  }

  private CutoverAction webhook(JsonNode spec, String at) {
    fields.unknownFields(spec, at, WEBHOOK_FIELDS);
    JsonNode rawUrl = spec.get("url");
    String url = null;
    if (rawUrl == null || rawUrl.isNull()) {
      fields.error(at + ".url", "required");
    } else {
      url = fields.webhookText(rawUrl, at + ".url");
    }
    URI uri = null;
    if (url != null) {
      try {
        uri = new URI(url);
        if ((!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()))
            || uri.getHost() == null) {
          fields.error(at + ".url", "expected an http or https URL with a host");
          uri = null;
        }
      } catch (URISyntaxException e) {
        fields.error(at + ".url", "not a URL: " + e.getMessage());
      }
    }
    Map<String, String> headers = new LinkedHashMap<>();
    JsonNode h = spec.get("headers");
    if (h != null && !h.isNull()) {
      if (!h.isObject()) {
        fields.error(at + ".headers", "expected a mapping of header to value");
      } else {
        Iterator<Map.Entry<String, JsonNode>> entries = h.fields();
        while (entries.hasNext()) {
          Map.Entry<String, JsonNode> f = entries.next();
          String value = fields.webhookText(f.getValue(), at + ".headers." + f.getKey());
          if (value != null) {
            headers.put(f.getKey(), value);
          }
        }
      }
    }
    Duration timeout = Duration.ofSeconds(10);
    JsonNode t = spec.get("timeout");
    if (t != null && !t.isNull()) {
      timeout = fields.duration(t, at + ".timeout");
    }
    return uri == null || timeout == null ? null : new CutoverAction.Webhook(uri, headers, timeout);
  }

  private CutoverAction event(JsonNode spec, String at) {
    fields.unknownFields(spec, at, EVENT_FIELDS);
    String topic = optional(spec, "topic", at);
    return new CutoverAction.Event(topic == null ? "tributary.status" : topic);
  }

  private CutoverAction envFile(JsonNode spec, String at, Map<String, SourceSpec> sources) {
    fields.unknownFields(spec, at, ENV_FILE_FIELDS);
    String path = required(spec, "path", at);
    String source = optional(spec, "source", at);
    if (source != null && !sources.containsKey(source)) {
      fields.error(
          at + ".source", "no such source in this plan" + CutoverPlanParser.sourceList(sources));
      return null;
    }
    if (source == null && sources.size() > 1) {
      fields.error(
          at + ".source",
          "required when the plan has several sources: the file describes one application's"
              + " database");
      return null;
    }
    return path == null ? null : new CutoverAction.EnvFile(Path.of(path), source);
  }

  private String required(JsonNode spec, String field, String at) {
    return fields.requiredText(spec, field, at + "." + field);
  }

  private String optional(JsonNode spec, String field, String at) {
    return fields.optionalText(spec, field, at + "." + field);
  }
}
