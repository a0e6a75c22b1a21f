package io.tributary.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped alert rules ({@code deploy/observability/alerts.yml}) run by Prometheus' own {@code
 * promtool} (Debian's, which {@code deploy/local/setup.sh} installs; {@code TRIBUTARY_PROMTOOL}
 * names another): they load, every alert fires in one case of {@code alerts-test.yml} and stays
 * quiet in another, and a test that would pass whatever the metric is called is caught — each
 * alert's metric renamed in a copy of the rules must make its case fail.
 */
class AlertRulesIT {
  private static final Pattern METRIC = Pattern.compile("\\btributary_[a-z0-9_]+");

  static Path observability;
  static JsonNode rules;
  static JsonNode tests;

  @BeforeAll
  static void load() throws IOException {
    Path root = Path.of(System.getProperty("tributary.root", "../..")).toAbsolutePath().normalize();
    observability = root.resolve("deploy/observability");
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    rules = yaml.readTree(observability.resolve("alerts.yml").toFile());
    tests = yaml.readTree(observability.resolve("alerts-test.yml").toFile());
  }

  /** promtool's exit status and output. */
  record Run(int status, String output) {}

  static Run promtool(Path directory, String... arguments) throws Exception {
    String promtool = System.getenv().getOrDefault("TRIBUTARY_PROMTOOL", "promtool");
    List<String> command = new ArrayList<>(List.of(promtool));
    command.addAll(List.of(arguments));
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      throw new AssertionError(
          "cannot run "
              + promtool
              + " (Prometheus' promtool; deploy/local/setup.sh installs Debian's prometheus): "
              + e.getMessage(),
          e);
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool ends").isTrue();
    return new Run(process.exitValue(), output);
  }

  /** Each alert of the rules with the expression it evaluates. */
  static Map<String, String> alerts() {
    Map<String, String> alerts = new LinkedHashMap<>();
    for (JsonNode group : rules.path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        if (rule.has("alert")) {
          alerts.put(rule.path("alert").asText(), rule.path("expr").asText());
        }
      }
    }
    return alerts;
  }

  @Test
  @DisplayName("promtool loads the rules and every case of alerts-test.yml passes")
  void rulesLoadAndTheirTestsPass() throws Exception {
    Run check = promtool(observability, "check", "rules", "alerts.yml");
    assertThat(check.status()).as(check.output()).isZero();
    assertThat(check.output()).contains("SUCCESS: " + alerts().size() + " rules found");
    Run test = promtool(observability, "test", "rules", "alerts-test.yml");
    assertThat(test.status()).as(test.output()).isZero();
    assertThat(test.output()).contains("SUCCESS");
  }

  @Test
  @DisplayName("Every alert has a case where it fires and one where it stays quiet")
  void everyAlertFiresOnceAndStaysQuietOnce() {
    Set<String> fires = new LinkedHashSet<>();
    Set<String> quiet = new LinkedHashSet<>();
    for (JsonNode test : tests.path("tests")) {
      for (JsonNode check : test.path("alert_rule_test")) {
        String alert = check.path("alertname").asText();
        (check.path("exp_alerts").isEmpty() ? quiet : fires).add(alert);
      }
    }
    assertThat(fires).as("alerts with a firing case").containsAll(alerts().keySet());
    assertThat(quiet).as("alerts with a quiet case").containsAll(alerts().keySet());
  }

  @Test
  @DisplayName("Renaming the metric of any alert makes its test fail")
  void aRenamedMetricFailsItsTest(@TempDir Path copy) throws Exception {
    Files.copy(observability.resolve("alerts-test.yml"), copy.resolve("alerts-test.yml"));
    String original = Files.readString(observability.resolve("alerts.yml"));
    for (Map.Entry<String, String> alert : alerts().entrySet()) {
      Matcher metric = METRIC.matcher(alert.getValue());
      assertThat(metric.find()).as("%s names a metric", alert.getKey()).isTrue();
      String renamed = alert.getValue().replace(metric.group(), metric.group() + "_renamed");
      assertThat(original).contains(alert.getValue());
      Files.writeString(copy.resolve("alerts.yml"), original.replace(alert.getValue(), renamed));
      Run test = promtool(copy, "test", "rules", "alerts-test.yml");
      assertThat(test.status())
          .as("%s with %s renamed: %s", alert.getKey(), metric.group(), test.output())
          .isNotZero();
      assertThat(test.output()).contains("alertname: " + alert.getKey());
    }
  }
}
