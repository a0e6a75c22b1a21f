package io.tributary.planning;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.common.plan.CutoverAction;
import io.tributary.common.plan.CutoverPlan;
import io.tributary.common.plan.CutoverStep;
import io.tributary.common.plan.SourceKindRules;
import io.tributary.common.plan.SourceSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a plan's {@code cutover} section into a {@link CutoverPlan}, collecting every problem with
 * the path of its field ({@code cutover.actions[1].webhook.url}). Which sources the freeze and the
 * actions name is checked against the plan's sources; the actions are read by {@link
 * CutoverActionParser}.
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

  private final PlanFieldReader fields;
  private final CutoverActionParser actionParser;

  CutoverPlanParser(PlanFieldReader fields) {
    this.fields = fields;
    this.actionParser = new CutoverActionParser(fields);
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
      fields.error("cutover", "expected a mapping with actions");
      return CutoverPlan.defaults();
    }
    fields.unknownFields(node, "cutover", FIELDS);
    Map<CutoverStep, Duration> timeouts = timeouts(node.get("timeouts"));
    boolean keepReadOnly = true;
    JsonNode keep = node.get("keep-sources-read-only");
    if (keep != null && !keep.isNull()) {
      if (keep.isBoolean()) {
        keepReadOnly = keep.booleanValue();
      } else {
        fields.error("cutover.keep-sources-read-only", "expected true or false");
      }
    }
    boolean fullValidation = finalValidation(node.get("final-validation"));
    Map<String, List<String>> freeze = freeze(node.get("freeze"), sources);
    List<CutoverAction> actions = actionParser.actions(node.get("actions"), sources);
    Set<String> behindPgBouncer = new TreeSet<>();
    for (CutoverAction action : actions) {
      if (action instanceof CutoverAction.PgBouncer p && !behindPgBouncer.add(p.source())) {
        fields.error(
            "cutover.actions",
            "source '" + p.source() + "' has more than one pgbouncer action; give one");
      }
    }
    for (String source : freeze.keySet()) {
      if (behindPgBouncer.contains(source)) {
        fields.error(
            "cutover.freeze." + source,
            "source '"
                + source
                + "' is frozen through its pgbouncer action (PAUSE); drop its freeze roles");
      }
    }
    JsonNode fallback = node.get("fallback");
    Duration window = fallbackWindow(fallback);
    if (!keepReadOnly && (fallback == null || fallback.isNull())) {
      window = Duration.ZERO; // sources writable after the switch: nothing to write back into
    } else if (!window.isZero() && !keepReadOnly) {
      fields.error(
          "cutover.fallback",
          "a fallback window writes the target's changes back into the sources, which must stay"
              + " read-only after the switch: drop keep-sources-read-only: false, or set"
              + " fallback: false");
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
      fields.error("cutover.fallback", "expected false or a mapping such as {window: 24h}");
      return CutoverPlan.DEFAULT_FALLBACK_WINDOW;
    }
    fields.unknownFields(node, "cutover.fallback", FALLBACK_FIELDS);
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
      fields.error(
          "cutover.fallback.window",
          "'"
              + value.asText()
              + "' is not a window between 10m and 30d (e.g. 30m, 24h, 7d); set fallback:"
              + " false for none");
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
      fields.error(
          "cutover.final-validation",
          "expected changed-rows (counts, and the rows changed after the precutover"
              + " verification) or full (every row, under the freeze), not '"
              + node.asText()
              + "'");
    }
    return false;
  }

  private Map<CutoverStep, Duration> timeouts(JsonNode node) {
    Map<CutoverStep, Duration> timeouts = new EnumMap<>(CutoverStep.class);
    if (node == null || node.isNull()) {
      return timeouts;
    }
    if (!node.isObject()) {
      fields.error("cutover.timeouts", "expected a mapping of step to duration");
      return timeouts;
    }
    Iterator<Map.Entry<String, JsonNode>> entries = node.fields();
    while (entries.hasNext()) {
      Map.Entry<String, JsonNode> field = entries.next();
      String path = "cutover.timeouts." + field.getKey();
      CutoverStep step = step(field.getKey());
      if (step == null) {
        fields.error(path, "unknown step; expected one of " + stepNames());
        continue;
      }
      Duration duration = fields.duration(field.getValue(), path);
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
      fields.error("cutover.freeze", "expected a mapping of source to {roles}");
      return freeze;
    }
    Iterator<Map.Entry<String, JsonNode>> entries = node.fields();
    while (entries.hasNext()) {
      Map.Entry<String, JsonNode> field = entries.next();
      String path = "cutover.freeze." + field.getKey();
      SourceSpec source = sources.get(field.getKey());
      if (source == null) {
        fields.error(path, "no such source in this plan" + sourceList(sources));
        continue;
      }
      if (source.kind() == null || !SourceKindRules.of(source.kind()).freezeRoles()) {
        fields.error(
            path,
            "freeze roles apply to postgres sources; "
                + source.kind().planName()
                + " sources are frozen by Tributary itself");
        continue;
      }
      JsonNode spec = field.getValue();
      if (spec == null || !spec.isObject()) {
        fields.error(path, "expected a mapping with roles");
        continue;
      }
      fields.unknownFields(spec, path, FREEZE_FIELDS);
      List<String> roles = new ArrayList<>();
      JsonNode list = spec.get("roles");
      if (list != null && !list.isNull()) {
        if (!list.isArray()) {
          fields.error(path + ".roles", "expected a list of role names");
        } else {
          for (int i = 0; i < list.size(); i++) {
            String role = fields.text(list.get(i), path + ".roles[" + i + "]");
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

  /** The plan's sources, for an error about a source the plan does not have. */
  static String sourceList(Map<String, SourceSpec> sources) {
    return " (its sources: " + String.join(", ", new TreeSet<>(sources.keySet())) + ")";
  }
}
