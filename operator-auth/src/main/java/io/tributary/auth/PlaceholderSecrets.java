package io.tributary.auth;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognizes a secret that was never set: the placeholders of example files and manifests ({@code
 * change-me}, {@code changeme}, {@code replace-me}, {@code <password>}, {@code xxxx}, {@code
 * placeholder}, {@code todo}, …). A service refuses to start with one (issue 47, M4): an example
 * value copied into production is a password anybody can read in the project's repository.
 */
public final class PlaceholderSecrets {
  private static final Pattern PLACEHOLDER =
      Pattern.compile(
          "change[-_ ]?me|replace[-_ ]?me|placeholder|^<[^>]*>$|^x{3,}$|^todo$|^fixme$"
              + "|^your[-_ ]?(password|secret|token)",
          Pattern.CASE_INSENSITIVE);

  /** {@code password="..."} (or single quotes) in a JAAS configuration. */
  private static final Pattern JAAS_PASSWORD =
      Pattern.compile("password\\s*=\\s*(\"([^\"]*)\"|'([^']*)')", Pattern.CASE_INSENSITIVE);

  private PlaceholderSecrets() {}

  /** Whether {@code value} is a placeholder, not a secret. */
  public static boolean isPlaceholder(String value) {
    return value != null && PLACEHOLDER.matcher(value.strip()).find();
  }

  /** The password of a JAAS configuration ({@code sasl.jaas.config}), if it has one. */
  static Optional<String> jaasPassword(String jaas) {
    if (jaas == null) {
      return Optional.empty();
    }
    Matcher m = JAAS_PASSWORD.matcher(jaas);
    return m.find() ? Optional.of(m.group(2) != null ? m.group(2) : m.group(3)) : Optional.empty();
  }

  /**
   * Throws when {@code value} of the setting {@code name} is a placeholder, naming the setting and
   * what to do, never the value.
   */
  public static void refuse(String name, String value) {
    if (isPlaceholder(value)) {
      throw new IllegalStateException(
          name
              + " holds a placeholder ('"
              + shape(value)
              + "'), not a secret: set a real one (e.g. openssl rand -hex 24;"
              + " deploy/kubernetes/bootstrap/create-secrets.sh and deploy/compose/init-env.sh make"
              + " them)");
    }
  }

  /** What kind of placeholder, without echoing a value that may be half a real secret. */
  private static String shape(String value) {
    String lower = value.strip().toLowerCase(Locale.ROOT);
    for (String known :
        new String[] {"change", "replace", "placeholder", "todo", "fixme", "your"}) {
      if (lower.contains(known)) {
        return known + "…";
      }
    }
    return lower.startsWith("<") ? "<…>" : "xxx…";
  }
}
