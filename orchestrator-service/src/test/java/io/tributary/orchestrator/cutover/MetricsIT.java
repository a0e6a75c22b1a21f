package io.tributary.orchestrator.cutover;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.tributary.auth.Operator;
import io.tributary.orchestrator.SqliteSourcesTestResource;
import io.tributary.testing.PrometheusText;
import io.tributary.testing.TributaryTestResource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The metrics of the three services through a real migration (a row rejected, validated, cut over):
 * per-table values that say what the migration did, and every metric the Grafana dashboard and the
 * Prometheus alert rules in {@code deploy/observability} use is served by one of the services.
 */
@QuarkusTest
@WithTestResource(TributaryTestResource.class)
@WithTestResource(SqliteSourcesTestResource.class)
class MetricsIT {
  private static final Duration WAIT = Duration.ofMinutes(2);
  private static final Path OBSERVABILITY = Path.of("..", "deploy", "observability");
  private static final int ROWS = 500;

  /** Metric names in dashboard queries and rule expressions. */
  private static final Pattern METRIC = Pattern.compile("\\b((?:tributary|kafka)_[a-z0-9_]+)\\b");

  @ConfigProperty(name = TributaryTestResource.DATABASE)
  String database;

  @BeforeEach
  void services() throws Exception {
    CutoverServices.ensure(database);
  }

  private static String page(String url) {
    return given().get(url + "/q/metrics").then().statusCode(200).extract().asString();
  }

  private static String orchestrator() {
    return given().get("/q/metrics").then().statusCode(200).extract().asString();
  }

  /** The metric names a file uses. */
  private static Set<String> used(String file) throws Exception {
    Set<String> names = new TreeSet<>();
    Matcher m =
        METRIC.matcher(Files.readString(OBSERVABILITY.resolve(file), StandardCharsets.UTF_8));
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  @Test
  void everyServiceTellsWhatTheMigrationDid() throws Exception {
    String migration = "metrics-" + UUID.randomUUID().toString().substring(0, 6);
    String schema = migration.replace('-', '_');
    Path file = NotesFile.create("metrics-", ROWS);
    try (Connection c = NotesFile.open(file);
        Statement st = c.createStatement()) {
      // text that is not UTF-8: capture publishes it as a reject, apply keeps it with its reason
      st.execute("INSERT INTO notes VALUES (" + (ROWS + 1) + ", CAST(X'C328FF' AS TEXT))");
    }
    CutoverApi.submit(
        """
        migration: %s
        sources:
          - name: notes-app
            kind: sqlite
            path: %s
            schema: %s
        cutover:
          timeouts: { drain: 30s, validate: 60s }
        """
            .formatted(migration, file.toAbsolutePath(), schema));
    CutoverApi.awaitState(migration, "REPLICATING", WAIT);

    String[] notes = {"migration", migration, "source", "notes-app", "table", "notes"};
    Set<String> served = new TreeSet<>();
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              String cdc = page(CutoverServices.cdcUrl());
              assertThat(PrometheusText.sum(cdc, "tributary_capture_events_total", notes))
                  .as("events captured")
                  .isEqualTo(ROWS + 1.0);
              assertThat(PrometheusText.sum(cdc, "tributary_apply_rows_total", notes))
                  .as("rows applied")
                  .isEqualTo((double) ROWS);
              assertThat(PrometheusText.sum(cdc, "tributary_apply_rejects_total", notes))
                  .as("rows rejected")
                  .isEqualTo(1.0);
              String orchestrator = orchestrator();
              assertThat(
                      PrometheusText.sum(
                          orchestrator, "tributary_table_validation", with(notes, "MATCH")))
                  .as("validated MATCH (with its reject)")
                  .isEqualTo(1.0);
              assertThat(PrometheusText.sum(orchestrator, "tributary_table_rejected_rows", notes))
                  .isEqualTo(1.0);
              assertThat(PrometheusText.sum(orchestrator, "tributary_table_target_rows", notes))
                  .isEqualTo((double) ROWS);
              assertThat(
                      PrometheusText.sum(orchestrator, "tributary_table_apply_lag_records", notes))
                  .isZero();
              assertThat(
                      PrometheusText.sum(
                          orchestrator,
                          "tributary_migration_state",
                          "migration",
                          migration,
                          "state",
                          "REPLICATING"))
                  .isEqualTo(1.0);
              String validator = page(CutoverServices.validatorUrl());
              assertThat(
                      PrometheusText.sum(
                          validator, "tributary_validation_results_total", with(notes, "MATCH")))
                  .isPositive();
              served.addAll(names(cdc));
              served.addAll(names(orchestrator));
              served.addAll(names(validator));
            });

    // the same progress kept over time for the web UI's charts (one sample per metrics interval):
    // the newest with every row in the target, the reject and the MATCH
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              JsonPath history =
                  Operator.given()
                      .get("/migrations/{id}/history", migration)
                      .then()
                      .statusCode(200)
                      .extract()
                      .jsonPath();
              List<Map<String, Object>> samples =
                  history.getList(
                      "collect { s -> s.tables.find { t -> t.table == 'notes-app.notes' } }");
              assertThat(samples).as(history.prettify()).hasSizeGreaterThan(1);
              Map<String, Object> last = samples.get(samples.size() - 1);
              assertThat(last.get("targetRows")).as(history.prettify()).isEqualTo(ROWS);
              assertThat(last.get("rejected")).isEqualTo(1);
              assertThat(last.get("validation")).isEqualTo("MATCH");
            });
    Operator.given().get("/migrations/{id}/history", "no-such-migration").then().statusCode(404);

    CutoverApi.cutover(migration, "MetricsIT", Map.of("acceptRejects", true));
    assertThat(CutoverApi.awaitOutcome(migration, WAIT).getString("outcome")).isEqualTo("cut_over");
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              String orchestrator = orchestrator();
              assertThat(
                      PrometheusText.sum(
                          orchestrator,
                          "tributary_cutover_write_pause_seconds_count",
                          "migration",
                          migration,
                          "outcome",
                          "cut_over"))
                  .isEqualTo(1.0);
              assertThat(
                      PrometheusText.sum(
                          orchestrator,
                          "tributary_cutover_step_seconds_count",
                          "migration",
                          migration,
                          "step",
                          "switch",
                          "outcome",
                          "done"))
                  .isEqualTo(1.0);
              assertThat(PrometheusText.sum(orchestrator, "tributary_table_validation", notes))
                  .as("a migration cut over leaves the gauges")
                  .isNull();
              assertThat(
                      PrometheusText.sum(
                          orchestrator,
                          "tributary_post_switch_differing_rows",
                          "migration",
                          migration))
                  .as(
                      "the post-switch verification: sources and target equal (the reject left out)")
                  .isEqualTo(0.0);
              served.addAll(names(orchestrator));
            });

    Set<String> dashboard = used("grafana-dashboard.json");
    Set<String> rules = used("alerts.yml");
    assertThat(dashboard).contains("tributary_table_apply_lag_records");
    assertThat(rules).contains("tributary_source_slot_retained_bytes");
    assertThat(served).as("metrics served by the services").containsAll(dashboard);
    assertThat(served).as("metrics served by the services").containsAll(rules);
  }

  private static String[] with(String[] labels, String status) {
    String[] all = Arrays.copyOf(labels, labels.length + 2);
    all[labels.length] = "status";
    all[labels.length + 1] = status;
    return all;
  }

  /** The metric names of a page's samples. */
  private static Set<String> names(String page) {
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[ {]", Pattern.MULTILINE).matcher(page);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }
}
