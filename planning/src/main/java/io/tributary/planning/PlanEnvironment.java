package io.tributary.planning;

import io.tributary.common.plan.PlanError;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Where the {@code ${NAME}} placeholders of a plan get their values: an environment of which a plan
 * reads only the names a pattern allows. By default every name but the orchestrator's own settings
 * ({@code QUARKUS_*}, {@code TRIBUTARY_*}, {@code KAFKA_*}, {@code MP_*}, {@code SMALLRYE_*},
 * {@code JAVA_*}, {@code JDK_*}): a plan must not be a way to read, or send to a host it names, the
 * password of the control database or the operator token.
 *
 * <p>The values placeholders resolve to are secrets: {@link #redact} takes them out of messages
 * (errors about a plan quote what the operator wrote, never what the environment holds).
 */
public final class PlanEnvironment {
  /** The names a plan may read unless configured otherwise. */
  public static final String DEFAULT_READABLE =
      "(?!(?:QUARKUS|TRIBUTARY|KAFKA|MP|SMALLRYE|JAVA|JDK)_)[A-Za-z_][A-Za-z0-9_]*";

  /**
   * The prefix of the only names a webhook's {@code url} and {@code headers} may read: a webhook
   * sends what it holds to a host the plan names, so it reads only variables set for that purpose
   * ({@code TRIBUTARY_WEBHOOK_TOKEN}), never the plan's other secrets.
   */
  public static final String WEBHOOK_PREFIX = "TRIBUTARY_WEBHOOK_";

  /** A placeholder: {@code ${NAME}}. */
  static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

  /** Shorter values are left in messages: replacing them would garble the words around them. */
  static final int SHORTEST_REDACTED = 4;

  private final UnaryOperator<String> lookup;
  private final Pattern readable;

  /**
   * @param lookup a variable's value, or null when it has none
   * @param readable a regular expression the whole name must match for a plan to read it
   * @throws IllegalArgumentException when {@code readable} is not a regular expression
   */
  public PlanEnvironment(UnaryOperator<String> lookup, String readable) {
    this.lookup = lookup;
    try {
      this.readable = Pattern.compile(readable);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "the names plans may read are not a regular expression: " + e.getDescription(), e);
    }
  }

  /** The process environment, names as {@link #DEFAULT_READABLE} allows. */
  public static PlanEnvironment system() {
    return new PlanEnvironment(System::getenv, DEFAULT_READABLE);
  }

  /** {@code lookup}, names as {@link #DEFAULT_READABLE} allows. */
  public static PlanEnvironment of(UnaryOperator<String> lookup) {
    return new PlanEnvironment(lookup, DEFAULT_READABLE);
  }

  /** Whether a plan may read the variable {@code name}. */
  public boolean readable(String name) {
    return readable.matcher(name).matches();
  }

  /** The value of a readable variable, or null (unset, or not readable). */
  public String value(String name) {
    return readable(name) ? lookup.apply(name) : null;
  }

  /** Whether a webhook's fields may read the variable {@code name}: {@link #WEBHOOK_PREFIX}. */
  public static boolean webhookReadable(String name) {
    return name.startsWith(WEBHOOK_PREFIX) && name.length() > WEBHOOK_PREFIX.length();
  }

  /** The value of a variable a webhook's fields may read, or null. */
  public String webhookValue(String name) {
    return webhookReadable(name) ? lookup.apply(name) : null;
  }

  /**
   * {@code message} with every value a placeholder of {@code planText} resolves to (of {@value
   * #SHORTEST_REDACTED} characters or more) replaced by its placeholder, longest values first.
   */
  public String redact(String planText, String message) {
    if (planText == null || message == null) {
      return message;
    }
    Map<String, String> placeholders = new LinkedHashMap<>();
    Matcher m = PLACEHOLDER.matcher(planText);
    while (m.find()) {
      String value = value(m.group(1));
      if (value == null) {
        value = webhookValue(m.group(1));
      }
      if (value != null && value.length() >= SHORTEST_REDACTED) {
        placeholders.putIfAbsent(value, "${" + m.group(1) + "}");
      }
    }
    List<String> values = new ArrayList<>(placeholders.keySet());
    values.sort(Comparator.comparingInt(String::length).reversed());
    String out = message;
    for (String value : values) {
      out = out.replace(value, placeholders.get(value));
    }
    return out;
  }

  /** {@code e} with every message {@link #redact redacted}. */
  public PlanException redact(String planText, PlanException e) {
    List<PlanError> errors = new ArrayList<>();
    boolean changed = false;
    for (PlanError error : e.errors()) {
      String message = redact(planText, error.message());
      changed |= !message.equals(error.message());
      errors.add(new PlanError(error.field(), message));
    }
    return changed ? new PlanException(errors) : e;
  }
}
