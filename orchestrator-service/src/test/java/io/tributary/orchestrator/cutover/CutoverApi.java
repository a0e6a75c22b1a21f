package io.tributary.orchestrator.cutover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.path.json.JsonPath;
import io.tributary.auth.Operator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The operator API calls the cutover ITs make, authenticated as the test operator. */
final class CutoverApi {
  private CutoverApi() {}

  static void submit(String plan) {
    Operator.given()
        .contentType("application/yaml")
        .body(plan.getBytes(StandardCharsets.UTF_8))
        .when()
        .post("/migrations")
        .then()
        .statusCode(201);
  }

  static String state(String migration) {
    return Operator.given()
        .when()
        .get("/migrations/{id}", migration)
        .then()
        .statusCode(200)
        .extract()
        .path("state");
  }

  static void awaitState(String migration, String state, Duration atMost) {
    await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> state.equals(state(migration)));
  }

  /** Starts a cutover; its id. */
  static long cutover(String migration, String reason) {
    return cutover(migration, reason, false);
  }

  /**
   * The details of the migration's {@code final} validation results, newest request's per table
   * (after a fallback: what its gate compared, and whether it counted).
   */
  static List<String> finalValidationDetails(String migration) {
    JsonPath validation =
        Operator.given()
            .get("/migrations/{id}/validation", migration)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    return validation.getList("tables.findAll { it.mode == 'final' }.detail", String.class);
  }

  /** {@code GET /migrations/{id}}: the migration, its sources and tables. */
  static JsonPath migration(String migration) {
    return Operator.given()
        .when()
        .get("/migrations/{id}", migration)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  /** The migration's audit log ({@code GET /migrations/{id}/events}). */
  static JsonPath events(String migration) {
    return Operator.given()
        .when()
        .get("/migrations/{id}/events", migration)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  /** The reasons of the migration's audit events, oldest first. */
  static List<String> eventReasons(String migration) {
    return events(migration).getList("reason", String.class);
  }

  /** A rehearsal of a cutover ({@code ?check=true}): its report; nothing is frozen. */
  static JsonPath rehearse(String migration) {
    return Operator.given()
        .contentType("application/json")
        .body(Map.of())
        .queryParam("check", true)
        .when()
        .post("/migrations/{id}/cutover", migration)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  /** Starts a cutover; {@code full}: its final gate compares every row. */
  static long cutover(String migration, String reason, boolean full) {
    return cutover(migration, reason, Map.of("full", full));
  }

  /** Starts a cutover with the given query parameters ({@code full}, {@code acceptRejects}). */
  static long cutover(String migration, String reason, Map<String, ?> query) {
    Number id =
        Operator.given()
            .contentType("application/json")
            .body(Map.of("reason", reason))
            .queryParams(query)
            .when()
            .post("/migrations/{id}/cutover", migration)
            .then()
            .statusCode(202)
            .extract()
            .path("cutover");
    return id.longValue();
  }

  /** Waits until the latest cutover has an outcome; the cutover as JSON. */
  /**
   * Requests a deep validation ({@code query}: {@code source}, {@code table}) and waits until it is
   * done: the request with its results.
   */
  static JsonPath deepValidation(String migration, Map<String, String> query, Duration atMost) {
    long request =
        Operator.given()
            .queryParams(query)
            .when()
            .post("/migrations/{id}/validate", migration)
            .then()
            .statusCode(202)
            .extract()
            .jsonPath()
            .getLong("requestId");
    await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                Operator.given()
                        .get("/migrations/{id}/validation/requests/{rid}", migration, request)
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("doneAt")
                    != null);
    return Operator.given()
        .get("/migrations/{id}/validation/requests/{rid}", migration, request)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  static JsonPath awaitOutcome(String migration, Duration atMost) {
    await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                Operator.given()
                        .when()
                        .get("/migrations/{id}/cutover", migration)
                        .then()
                        .extract()
                        .path("outcome")
                    != null);
    return Operator.given()
        .when()
        .get("/migrations/{id}/cutover", migration)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  /**
   * Awaits the post-switch verification's result and checks that it found exactly one row that
   * differs — this key, with the source's and the target's {@code body} — and recommends a
   * fallback.
   *
   * @return the fallback window as it then stood
   */
  static JsonPath awaitOneRowDiffersAfterTheSwitch(
      String migration, Duration atMost, int id, String sourceBody, String targetBody) {
    JsonPath fallback =
        await()
            .atMost(atMost)
            .until(
                () ->
                    Operator.given()
                        .when()
                        .get("/migrations/{id}/fallback", migration)
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath(),
                f -> f.getString("postSwitch.status") != null);
    assertThat(fallback.getString("postSwitch.status"))
        .as(fallback.prettify())
        .isEqualTo("MISMATCH");
    assertThat(fallback.getLong("postSwitch.differingRows")).isEqualTo(1);
    assertThat(fallback.getString("postSwitch.recommendation"))
        .contains("1 row differs between the frozen sources and the target")
        .contains("POST /migrations/" + migration + "/fallback");
    // the differing row, by key and values: the source's is the one the applications wrote
    JsonPath validation =
        Operator.given()
            .when()
            .get("/migrations/{id}/validation", migration)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(validation.getString("tables.find { it.mode == 'postswitch' }.status"))
        .isEqualTo("MISMATCH");
    long validationId = validation.getLong("tables.find { it.mode == 'postswitch' }.validationId");
    Operator.given()
        .when()
        .get("/migrations/{id}/validation/results/{vid}/differences", migration, validationId)
        .then()
        .statusCode(200)
        .body("differences.size()", equalTo(1))
        .body("differences[0].key.id", equalTo(id))
        .body("differences[0].sourceValues.body", equalTo(sourceBody))
        .body("differences[0].targetValues.body", equalTo(targetBody));
    return fallback;
  }

  /** What a test does at a hook point of the cutover, on the cutover's own thread. */
  @FunctionalInterface
  interface AtHook {
    void run() throws Exception;
  }

  /**
   * Starts a cutover of the migration that runs {@code action} when it reaches {@code point}, and
   * awaits its outcome; the hook is removed again whatever happens.
   *
   * @return the cutover's report
   */
  static JsonPath cutoverWithHook(
      CutoverHooks hooks,
      CutoverHooks.Point point,
      String migration,
      String reason,
      Duration atMost,
      AtHook action) {
    hooks.at(
        point,
        m -> {
          if (!m.equals(migration)) {
            return;
          }
          try {
            action.run();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
    try {
      cutover(migration, reason);
      return awaitOutcome(migration, atMost);
    } finally {
      hooks.clear(point);
    }
  }
}
