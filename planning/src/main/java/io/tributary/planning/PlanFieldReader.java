package io.tributary.planning;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.common.plan.PlanError;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the values of one plan's fields (strings with their {@code ${NAME}} placeholders resolved,
 * durations) and checks for unknown fields, collecting every problem with the path of its field
 * instead of stopping at the first. The parsers of the plan's parts share one reader.
 */
final class PlanFieldReader {
  /** The longest duration a plan may give (a timeout, a webhook's wait). */
  static final Duration MAX_DURATION = Duration.ofHours(24);

  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");

  private final List<PlanError> errors;
  private final PlanEnvironment environment;

  /**
   * @param errors where the problems found go
   * @param environment resolves the placeholders
   */
  PlanFieldReader(List<PlanError> errors, PlanEnvironment environment) {
    this.errors = errors;
    this.environment = environment;
  }

  /** Records a problem of the field at {@code path}. */
  void error(String path, String message) {
    errors.add(new PlanError(path, message));
  }

  void unknownFields(JsonNode node, String path, Set<String> known) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!known.contains(name)) {
        error(join(path, name), "unknown field; expected one of " + new TreeSet<>(known));
      }
    }
  }

  String requiredText(JsonNode node, String field, String path) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      error(path, "required");
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

  /** Reads a string value (resolving placeholders), or records why not and returns null. */
  String text(JsonNode value, String path) {
    return text(value, path, false);
  }

  /**
   * Reads a string value of a webhook ({@code url}, a header), whose placeholders name only
   * variables of {@link PlanEnvironment#WEBHOOK_PREFIX}; or records why not and returns null.
   */
  String webhookText(JsonNode value, String path) {
    return text(value, path, true);
  }

  private String text(JsonNode value, String path, boolean webhook) {
    if (!value.isValueNode() || value.isBoolean()) {
      error(path, "expected a string");
      return null;
    }
    String raw = value.asText();
    if (raw.isBlank()) {
      error(path, "must not be empty");
      return null;
    }
    return resolvePlaceholders(raw, path, webhook);
  }

  private String resolvePlaceholders(String raw, String path, boolean webhook) {
    Matcher m = PlanEnvironment.PLACEHOLDER.matcher(raw);
    StringBuilder out = new StringBuilder();
    boolean ok = true;
    while (m.find()) {
      if (webhook && !PlanEnvironment.webhookReadable(m.group(1))) {
        error(
            path,
            "placeholder ${"
                + m.group(1)
                + "}: a webhook sends what it holds to the host it names, so its url and headers"
                + " read only variables named "
                + PlanEnvironment.WEBHOOK_PREFIX
                + "* (set e.g. "
                + PlanEnvironment.WEBHOOK_PREFIX
                + "TOKEN in the orchestrator's environment)");
        ok = false;
        m.appendReplacement(out, "");
        continue;
      }
      if (!webhook && !environment.readable(m.group(1))) {
        error(
            path,
            "placeholder ${"
                + m.group(1)
                + "} names a variable plans may not read: the orchestrator's own settings"
                + " (QUARKUS_*, TRIBUTARY_*, KAFKA_*, ...) stay its own"
                + " (tributary.orchestrator.plan-environment says which names plans read)");
        ok = false;
        m.appendReplacement(out, "");
        continue;
      }
      String value = webhook ? environment.webhookValue(m.group(1)) : environment.value(m.group(1));
      if (value == null) {
        error(path, "placeholder ${" + m.group(1) + "} has no value in the environment");
        ok = false;
        value = "";
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return ok ? out.toString() : null;
  }

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
      error(path, "'" + value.asText() + "' is not a positive duration (e.g. 500ms, 10s, 5m)");
      return null;
    }
    if (d.compareTo(MAX_DURATION) > 0) {
      error(path, "'" + value.asText() + "' is longer than " + MAX_DURATION.toHours() + "h");
      return null;
    }
    return d;
  }

  /** The path of {@code field} inside the node at {@code path} ({@code ""} for the plan itself). */
  static String join(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
  }
}
