package io.tributary.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads samples out of a service's {@code /q/metrics} page (Prometheus' text format), for tests
 * that assert what a metric says.
 */
public final class PrometheusText {
  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)\\})?\\s+(\\S+)", Pattern.MULTILINE);
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  private PrometheusText() {}

  /**
   * The sum of the samples of a metric whose labels include the given ones (other labels may be
   * there too), or null when there is none.
   *
   * @param labels name, value, name, value, ...
   */
  public static Double sum(String page, String metric, String... labels) {
    Map<String, String> wanted = new LinkedHashMap<>();
    for (int i = 0; i + 1 < labels.length; i += 2) {
      wanted.put(labels[i], labels[i + 1]);
    }
    Double sum = null;
    Matcher sample = SAMPLE.matcher(page);
    while (sample.find()) {
      if (!sample.group(1).equals(metric)) {
        continue;
      }
      Map<String, String> has = new LinkedHashMap<>();
      if (sample.group(3) != null) {
        Matcher label = LABEL.matcher(sample.group(3));
        while (label.find()) {
          has.put(label.group(1), label.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
        }
      }
      if (has.entrySet().containsAll(wanted.entrySet())) {
        sum = (sum == null ? 0 : sum) + Double.parseDouble(sample.group(4));
      }
    }
    return sum;
  }

  /** Whether the page has a sample (or a HELP/TYPE line) of the metric. */
  public static boolean has(String page, String metric) {
    return Pattern.compile("^(# (HELP|TYPE) )?" + Pattern.quote(metric) + "[ {]", Pattern.MULTILINE)
        .matcher(page)
        .find();
  }
}
