package io.tributary.planning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tributary.common.plan.CutoverAction;
import io.tributary.common.plan.CutoverPlan;
import io.tributary.common.plan.CutoverStep;
import io.tributary.common.plan.PlanError;
import io.tributary.common.plan.SourceKindRules;
import io.tributary.common.plan.SourceSpec;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a plan's {@code cutover} section into a {@link CutoverPlan}, collecting every problem with
 * the path of its field ({@code cutover.actions[1].webhook.url}). Which sources the actions name is
 * checked against the plan's sources.
 */
final class CutoverPlanParser {
  private static final Set<String> FIELDS =
      Set.of(
          "timeouts",
          "keep-sources-read-only",
          "final-validation",
          "freeze",
          "actions",
          "fallback");
  private static final Set<String> FALLBACK_FIELDS = Set.of("window");
  private static final Pattern WINDOW = Pattern.compile("(\\d+)\\s*(m|h|d)");
  private static final Set<String> FREEZE_FIELDS = Set.of("roles");
  private static final Set<String> PGBOUNCER_FIELDS =
      Set.of("source", "admin", "database", "config", "target-user", "target-password");
  private static final Set<String> WEBHOOK_FIELDS = Set.of("url", "headers", "timeout");
  private static final Set<String> EVENT_FIELDS = Set.of("topic");
  private static final Set<String> ENV_FILE_FIELDS = Set.of("path", "source");
  private static final Set<String> ACTION_KINDS =
      Set.of("pgbouncer", "webhook", "event", "env-file");
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");

  private final List<PlanError> errors;

  /** Reads a string value (resolving placeholders), or records why not and returns null. */
  private final BiFunction<JsonNode, String, String> text;

  CutoverPlanParser(List<PlanError> errors, BiFunction<JsonNode, String, String> text) {
    this.errors = errors;
    this.text = text;
  }

  /**
   * @param node the {@code cutover} node, null when the plan has none
   * @param sources the plan's sources, by name
   */
  CutoverPlan parse(JsonNode node, Map<String, SourceSpec> sources) {
    if (node == null || node.isNull()) {
      return CutoverPlan.defaults();
    }
    if (!node.isObject()) {
      errors.add(new PlanError("cutover", "expected a mapping with actions"));
      return CutoverPlan.defaults();
    }
    unknown(node, "cutover", FIELDS);
    Map<CutoverStep, Duration> timeouts = timeouts(node.get("timeouts"));
    boolean keepReadOnly = true;
    JsonNode keep = node.get("keep-sources-read-only");
    if (keep != null && !keep.isNull()) {
      if (keep.isBoolean()) {
        keepReadOnly = keep.booleanValue();
      } else {
        errors.add(new PlanError("cutover.keep-sources-read-only", "expected true or false"));
      }
    }
    boolean fullValidation = finalValidation(node.get("final-validation"));
    Map<String, List<String>> freeze = freeze(node.get("freeze"), sources);
    List<CutoverAction> actions = new ArrayList<>();
    JsonNode list = node.get("actions");
    if (list != null && !list.isNull()) {
      if (!list.isArray()) {
        errors.add(new PlanError("cutover.actions", "expected a list of actions"));
      } else {
        for (int i = 0; i < list.size(); i++) {
          CutoverAction action = action(list.get(i), "cutover.actions[" + i + "]", sources);
          if (action != null) {
            actions.add(action);
          }
        }
      }
    }
    Set<String> behindPgBouncer = new TreeSet<>();
    for (CutoverAction action : actions) {
      if (action instanceof CutoverAction.PgBouncer p && !behindPgBouncer.add(p.source())) {
        errors.add(
            new PlanError(
                "cutover.actions",
                "source '" + p.source() + "' has more than one pgbouncer action; give one"));
      }
    }
    for (String source : freeze.keySet()) {
      if (behindPgBouncer.contains(source)) {
        errors.add(
            new PlanError(
                "cutover.freeze." + source,
                "source '"
                    + source
                    + "' is frozen through its pgbouncer action (PAUSE); drop its freeze roles"));
      }
    }
    JsonNode fallback = node.get("fallback");
    Duration window = fallbackWindow(fallback);
    if (!keepReadOnly && (fallback == null || fallback.isNull())) {
      window = Duration.ZERO; // sources writable after the switch: nothing to write back into
    } else if (!window.isZero() && !keepReadOnly) {
      errors.add(
          new PlanError(
              "cutover.fallback",
              "a fallback window writes the target's changes back into the sources, which must stay"
                  + " read-only after the switch: drop keep-sources-read-only: false, or set"
                  + " fallback: false"));
    }
    return new CutoverPlan(timeouts, keepReadOnly, freeze, actions, fullValidation, window);
  }

  /**
   * {@code fallback: {window: 24h}} (the default), {@code fallback: false} (no window: nothing goes
   * back to the sources after the switch). A window is given in minutes, hours or days, from 10
   * minutes to {@link CutoverPlan#MAX_FALLBACK_WINDOW}.
   */
  private Duration fallbackWindow(JsonNode node) {
    if (node == null || node.isNull()) {
      return CutoverPlan.DEFAULT_FALLBACK_WINDOW;
    }
    if (node.isBoolean()) {
      return node.booleanValue() ? CutoverPlan.DEFAULT_FALLBACK_WINDOW : Duration.ZERO;
    }
    if (!node.isObject()) {
      errors.add(
          new PlanError("cutover.fallback", "expected false or a mapping such as {window: 24h}"));
      return CutoverPlan.DEFAULT_FALLBACK_WINDOW;
    }
    unknown(node, "cutover.fallback", FALLBACK_FIELDS);
    JsonNode value = node.get("window");
    if (value == null || value.isNull()) {
      return CutoverPlan.DEFAULT_FALLBACK_WINDOW;
    }
    Matcher m = WINDOW.matcher(value.asText().trim().toLowerCase(Locale.ROOT));
    Duration window = null;
    if (value.isTextual() && m.matches()) {
      try {
        long n = Long.parseLong(m.group(1));
        window =
            switch (m.group(2)) {
              case "m" -> Duration.ofMinutes(n);
              case "h" -> Duration.ofHours(n);
              default -> Duration.ofDays(n);
            };
      } catch (NumberFormatException | ArithmeticException e) {
        window = null;
      }
    }
    if (window == null
        || window.compareTo(CutoverPlan.MIN_FALLBACK_WINDOW) < 0
        || window.compareTo(CutoverPlan.MAX_FALLBACK_WINDOW) > 0) {
      errors.add(
          new PlanError(
              "cutover.fallback.window",
              "'"
                  + value.asText()
                  + "' is not a window between 10m and 30d (e.g. 30m, 24h, 7d); set fallback:"
                  + " false for none"));
      return CutoverPlan.DEFAULT_FALLBACK_WINDOW;
    }
    return window;
  }

  /** {@code changed-rows} (the default) or {@code full}: true for full. */
  private boolean finalValidation(JsonNode node) {
    if (node == null || node.isNull()) {
      return false;
    }
    String value = node.isTextual() ? node.textValue() : null;
    if ("full".equals(value)) {
      return true;
    }
    if (!"changed-rows".equals(value)) {
      errors.add(
          new PlanError(
              "cutover.final-validation",
              "expected changed-rows (counts, and the rows changed after the precutover"
                  + " verification) or full (every row, under the freeze), not '"
                  + node.asText()
                  + "'"));
    }
    return false;
  }

  private Map<CutoverStep, Duration> timeouts(JsonNode node) {
    Map<CutoverStep, Duration> timeouts = new EnumMap<>(CutoverStep.class);
    if (node == null || node.isNull()) {
      return timeouts;
    }
    if (!node.isObject()) {
      errors.add(new PlanError("cutover.timeouts", "expected a mapping of step to duration"));
      return timeouts;
    }
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String path = "cutover.timeouts." + field.getKey();
      CutoverStep step = step(field.getKey());
      if (step == null) {
        errors.add(new PlanError(path, "unknown step; expected one of " + stepNames()));
        continue;
      }
      Duration duration = duration(field.getValue(), path);
      if (duration != null) {
        timeouts.put(step, duration);
      }
    }
    return timeouts;
  }

  private Map<String, List<String>> freeze(JsonNode node, Map<String, SourceSpec> sources) {
    Map<String, List<String>> freeze = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return freeze;
    }
    if (!node.isObject()) {
      errors.add(new PlanError("cutover.freeze", "expected a mapping of source to {roles}"));
      return freeze;
    }
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String path = "cutover.freeze." + field.getKey();
      SourceSpec source = sources.get(field.getKey());
      if (source == null) {
        errors.add(new PlanError(path, "no such source in this plan" + sourceList(sources)));
        continue;
      }
      if (source.kind() == null || !SourceKindRules.of(source.kind()).freezeRoles()) {
        errors.add(
            new PlanError(
                path,
                "freeze roles apply to postgres sources; "
                    + source.kind().planName()
                    + " sources are frozen by Tributary itself"));
        continue;
      }
      JsonNode spec = field.getValue();
      if (spec == null || !spec.isObject()) {
        errors.add(new PlanError(path, "expected a mapping with roles"));
        continue;
      }
      unknown(spec, path, FREEZE_FIELDS);
      List<String> roles = new ArrayList<>();
      JsonNode list = spec.get("roles");
      if (list != null && !list.isNull()) {
        if (!list.isArray()) {
          errors.add(new PlanError(path + ".roles", "expected a list of role names"));
        } else {
          for (int i = 0; i < list.size(); i++) {
            String role = text.apply(list.get(i), path + ".roles[" + i + "]");
            if (role != null) {
              roles.add(role);
            }
          }
        }
      }
      freeze.put(field.getKey(), roles);
    }
    return freeze;
  }

  private CutoverAction action(JsonNode node, String path, Map<String, SourceSpec> sources) {
    if (node == null || !node.isObject() || node.size() != 1) {
      errors.add(
          new PlanError(
              path, "expected a mapping with exactly one of " + new TreeSet<>(ACTION_KINDS)));
      return null;
    }
    String kind = node.fieldNames().next();
    JsonNode spec = node.get(kind);
    String at = path + "." + kind;
    if (!ACTION_KINDS.contains(kind)) {
      errors.add(
          new PlanError(at, "unknown action; expected one of " + new TreeSet<>(ACTION_KINDS)));
      return null;
    }
    if (spec == null || spec.isNull()) {
      spec = JsonNodeFactory.instance.objectNode();
    }
    if (!spec.isObject()) {
      errors.add(new PlanError(at, "expected a mapping"));
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
    unknown(spec, at, PGBOUNCER_FIELDS);
    String source = required(spec, "source", at);
    String admin = required(spec, "admin", at);
    String database = required(spec, "database", at);
    String config = required(spec, "config", at);
    String user = optional(spec, "target-user", at);
    String password = optional(spec, "target-password", at);
    if (source != null) {
      SourceSpec s = sources.get(source);
      if (s == null) {
        errors.add(
            new PlanError(at + ".source", "no such source in this plan" + sourceList(sources)));
        source = null;
      } else if (s.kind() == null || !SourceKindRules.of(s.kind()).pgBouncer()) {
        errors.add(
            new PlanError(
                at + ".source",
                "source '"
                    + source
                    + "' is "
                    + s.kind().planName()
                    + "; applications reach only postgres sources through PgBouncer"));
        source = null;
      }
    }
    if (admin != null && !admin.startsWith("postgresql://") && !admin.startsWith("postgres://")) {
      errors.add(
          new PlanError(
              at + ".admin",
              "expected the admin console's URL, postgresql://user[:password]@host:port/pgbouncer"));
      admin = null;
    }
    if (source == null || admin == null || database == null || config == null) {
      return null;
    }
    return new CutoverAction.PgBouncer(source, admin, database, Path.of(config), user, password);
  }

  private CutoverAction webhook(JsonNode spec, String at) {
    unknown(spec, at, WEBHOOK_FIELDS);
    String url = required(spec, "url", at);
    URI uri = null;
    if (url != null) {
      try {
        uri = new URI(url);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
            || uri.getHost() == null) {
          errors.add(new PlanError(at + ".url", "expected an http or https URL with a host"));
          uri = null;
        }
      } catch (URISyntaxException e) {
        errors.add(new PlanError(at + ".url", "not a URL: " + e.getMessage()));
      }
    }
    Map<String, String> headers = new LinkedHashMap<>();
    JsonNode h = spec.get("headers");
    if (h != null && !h.isNull()) {
      if (!h.isObject()) {
        errors.add(new PlanError(at + ".headers", "expected a mapping of header to value"));
      } else {
        Iterator<Map.Entry<String, JsonNode>> fields = h.fields();
        while (fields.hasNext()) {
          Map.Entry<String, JsonNode> f = fields.next();
          String value = text.apply(f.getValue(), at + ".headers." + f.getKey());
          if (value != null) {
            headers.put(f.getKey(), value);
          }
        }
      }
    }
    Duration timeout = Duration.ofSeconds(10);
    JsonNode t = spec.get("timeout");
    if (t != null && !t.isNull()) {
      timeout = duration(t, at + ".timeout");
    }
    return uri == null || timeout == null ? null : new CutoverAction.Webhook(uri, headers, timeout);
  }

  private CutoverAction event(JsonNode spec, String at) {
    unknown(spec, at, EVENT_FIELDS);
    String topic = optional(spec, "topic", at);
    return new CutoverAction.Event(topic == null ? "tributary.status" : topic);
  }

  private CutoverAction envFile(JsonNode spec, String at, Map<String, SourceSpec> sources) {
    unknown(spec, at, ENV_FILE_FIELDS);
    String path = required(spec, "path", at);
    String source = optional(spec, "source", at);
    if (source != null && !sources.containsKey(source)) {
      errors.add(
          new PlanError(at + ".source", "no such source in this plan" + sourceList(sources)));
      return null;
    }
    if (source == null && sources.size() > 1) {
      errors.add(
          new PlanError(
              at + ".source",
              "required when the plan has several sources: the file describes one application's"
                  + " database"));
      return null;
    }
    return path == null ? null : new CutoverAction.EnvFile(Path.of(path), source);
  }

  private String required(JsonNode spec, String field, String at) {
    JsonNode value = spec.get(field);
    if (value == null || value.isNull()) {
      errors.add(new PlanError(at + "." + field, "required"));
      return null;
    }
    return text.apply(value, at + "." + field);
  }

  private String optional(JsonNode spec, String field, String at) {
    JsonNode value = spec.get(field);
    return value == null || value.isNull() ? null : text.apply(value, at + "." + field);
  }

  /** The longest duration a plan may give (a timeout, a webhook's wait). */
  static final Duration MAX_DURATION = Duration.ofHours(24);

  /**
   * {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}, a number of seconds, or ISO-8601; positive
   * and at most {@link #MAX_DURATION}.
   */
  Duration duration(JsonNode value, String path) {
    String raw = value.asText().trim().toLowerCase(Locale.ROOT);
    Matcher m = DURATION.matcher(raw);
    Duration d = null;
    if (value.isIntegralNumber() || m.matches()) {
      try {
        long n = value.isIntegralNumber() ? value.longValue() : Long.parseLong(m.group(1));
        String unit = value.isIntegralNumber() || m.group(2) == null ? "s" : m.group(2);
        d =
            switch (unit) {
              case "ms" -> Duration.ofMillis(n);
              case "m" -> Duration.ofMinutes(n);
              case "h" -> Duration.ofHours(n);
              default -> Duration.ofSeconds(n);
            };
      } catch (NumberFormatException | ArithmeticException e) {
        d = null; // beyond what a duration holds: refused below
      }
    } else if (raw.startsWith("pt")) {
      try {
        d = Duration.parse(raw.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        d = null;
      }
    }
    if (d == null || d.isZero() || d.isNegative()) {
      errors.add(
          new PlanError(
              path, "'" + value.asText() + "' is not a positive duration (e.g. 500ms, 10s, 5m)"));
      return null;
    }
    if (d.compareTo(MAX_DURATION) > 0) {
      errors.add(
          new PlanError(
              path, "'" + value.asText() + "' is longer than " + MAX_DURATION.toHours() + "h"));
      return null;
    }
    return d;
  }

  private void unknown(JsonNode node, String path, Set<String> known) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!known.contains(name)) {
        errors.add(
            new PlanError(
                path + "." + name, "unknown field; expected one of " + new TreeSet<>(known)));
      }
    }
  }

  private static CutoverStep step(String name) {
    for (CutoverStep step : CutoverStep.values()) {
      if (step.planName().equals(name)) {
        return step;
      }
    }
    return null;
  }

  private static String stepNames() {
    List<String> names = new ArrayList<>();
    for (CutoverStep step : CutoverStep.values()) {
      names.add(step.planName());
    }
    return names.toString();
  }

  private static String sourceList(Map<String, SourceSpec> sources) {
    return " (its sources: " + String.join(", ", new TreeSet<>(sources.keySet())) + ")";
  }
}
