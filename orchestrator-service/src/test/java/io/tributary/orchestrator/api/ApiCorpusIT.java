package io.tributary.orchestrator.api;

import static io.tributary.auth.Operator.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.tributary.orchestrator.SqliteSourcesTestResource;
import io.tributary.testing.TributaryTestResource;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The bad-input corpus of the operator API beyond plans: every operation the OpenAPI document lists
 * is called with hostile path and query parameters and bodies (broken JSON, wrong shapes, NUL, huge
 * and deeply nested values, the wrong media type), against an existing migration and against names
 * that exist nowhere. Never a 500, never a hang. {@code -Dtributary.corpus.seed=S} replays a run.
 */
@QuarkusTest
@WithTestResource(TributaryTestResource.class)
@WithTestResource(SqliteSourcesTestResource.class)
class ApiCorpusIT {
  private static final Logger LOG = Logger.getLogger(ApiCorpusIT.class);
  private static final int REQUEST_TIMEOUT_MS = 30_000;
  private static final int CALLS_PER_OPERATION = 40;
  private static final String MIGRATION = "api-corpus";

  private static final List<String> BODIES =
      List.of(
          "",
          "{",
          "null",
          "[]",
          "{}",
          "\"x\"",
          "1e999",
          "-1",
          "{\"reason\": null}",
          "{\"reason\": 42, \"acceptRejects\": \"yes\"}",
          "{\"reason\": \"x\\u0000y\"}",
          "{\"reason\": \"" + "r".repeat(100_000) + "\"}",
          "{\"mode\": \"deep\", \"tables\": [\"'; DROP TABLE x; --\"], \"sources\": [{}]}",
          "{\"mode\": [], \"table\": {\"a\": 1}}",
          "{\"type\": \"vector(99999999)\", \"invalid\": \"maybe\", \"default\": \"1); DROP\"}",
          "{\"type\": null, \"name\": \"\\\"\", \"references\": \"a.b.c.d\"}",
          "{\"rejects\": [-1, 1e309], \"ids\": \"all\", \"limit\": -5}",
          "[".repeat(3000) + "]".repeat(3000),
          "{\"a\":".repeat(2000) + "1" + "}".repeat(2000),
          "\u00ff\u00fe garbage");

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One operation of the API: method, path template, parameters, and whether it takes a body. */
  private record Operation(
      String method,
      String path,
      List<String> pathParams,
      List<String> queryParams,
      String media,
      boolean stream) {}

  private static List<Operation> operations() throws Exception {
    JsonNode document =
        JSON.readTree(
            RestAssured.given().queryParam("format", "json").get("/q/openapi").asString());
    List<Operation> operations = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields();
    while (paths.hasNext()) {
      Map.Entry<String, JsonNode> path = paths.next();
      Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields();
      while (methods.hasNext()) {
        Map.Entry<String, JsonNode> method = methods.next();
        List<String> pathParams = new ArrayList<>();
        List<String> queryParams = new ArrayList<>();
        for (JsonNode parameter : method.getValue().path("parameters")) {
          String in = parameter.path("in").asText();
          if (in.equals("path")) {
            pathParams.add(parameter.path("name").asText());
          } else if (in.equals("query")) {
            queryParams.add(parameter.path("name").asText());
          }
        }
        JsonNode content = method.getValue().path("requestBody").path("content");
        String media =
            content.isObject() && content.size() > 0 ? content.fieldNames().next() : null;
        boolean stream =
            method.getValue().path("responses").toString().contains("text/event-stream");
        operations.add(
            new Operation(
                method.getKey().toUpperCase(Locale.ROOT),
                path.getKey(),
                pathParams,
                queryParams,
                media,
                stream));
      }
    }
    return operations;
  }

  @Test
  @DisplayName(
      "Every operation of the API, called with hostile parameters and bodies, answers without a"
          + " 500 and within its time")
  void everyOperationRefusesBadInputCleanly() throws Exception {
    given()
        .contentType("application/yaml")
        .body(
            SqliteSourcesTestResource.shopPlan(MIGRATION, "api_corpus")
                .getBytes(StandardCharsets.UTF_8))
        .post("/migrations")
        .then()
        .statusCode(201);
    long seed = Long.getLong("tributary.corpus.seed", System.nanoTime());
    Random random = new Random(seed);
    LOG.infof("API corpus: seed %d (-Dtributary.corpus.seed to replay)", seed);
    RestAssuredConfig timeouts =
        RestAssuredConfig.config()
            .httpClient(
                HttpClientConfig.httpClientConfig()
                    .setParam("http.connection.timeout", REQUEST_TIMEOUT_MS)
                    .setParam("http.socket.timeout", REQUEST_TIMEOUT_MS));
    List<Operation> operations = operations();
    assertThat(operations).extracting(Operation::path).contains("/migrations/{id}/cutover");

    Map<Integer, Integer> statuses = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    int calls = 0;
    for (Operation operation : operations) {
      if (operation.path().startsWith("/q/")
          || (operation.path().equals("/migrations") && operation.method().equals("POST"))
          || operation.stream()) {
        // Quarkus' own endpoints; plans have PlanCorpusIT; a stream of events never ends (the
        // live view has WebUiIT)
        continue;
      }
      for (int i = 0; i < CALLS_PER_OPERATION; i++) {
        // The URL is built here, encoded once: RestAssured's path templates choke on some values.
        RequestSpecification request = given().config(timeouts).urlEncodingEnabled(false);
        StringBuilder what = new StringBuilder(operation.method() + " " + operation.path());
        String url = operation.path();
        for (String name : operation.pathParams()) {
          String value = random.nextInt(3) == 0 ? hostile(random) : existing(name);
          url = url.replace("{" + name + "}", encode(value));
          what.append(" ").append(name).append("=").append(PlanMutator.printable(value));
        }
        List<String> query = new ArrayList<>();
        for (String name : operation.queryParams()) {
          if (random.nextBoolean()) {
            String value = hostile(random);
            query.add(encode(name) + "=" + encode(value));
            what.append(" ?").append(name).append("=").append(PlanMutator.printable(value));
          }
        }
        if (!query.isEmpty()) {
          url += "?" + String.join("&", query);
        }
        if (operation.media() != null || random.nextInt(5) == 0) {
          String body = BODIES.get(random.nextInt(BODIES.size()));
          String media =
              operation.media() == null || random.nextInt(6) == 0
                  ? "text/plain"
                  : operation.media();
          if (media.equals("application/x-www-form-urlencoded")) {
            // RestAssured encodes form bodies itself and takes them as text only
            request.contentType(media + "; charset=UTF-8").body(body);
          } else {
            request.contentType(media).body(body.getBytes(StandardCharsets.UTF_8));
          }
          what.append(" body ").append(media).append(" ").append(PlanMutator.printable(body));
        }
        Response answer;
        try {
          answer = request.request(operation.method(), url);
        } catch (RuntimeException e) {
          failures.add(what + ": no answer: " + e);
          continue;
        }
        calls++;
        statuses.merge(answer.statusCode(), 1, Integer::sum);
        if (answer.statusCode() >= 500 && answer.statusCode() != 503) {
          String body = answer.asString();
          failures.add(
              what
                  + ": "
                  + answer.statusCode()
                  + " "
                  + body.substring(0, Math.min(600, body.length())));
        }
      }
    }
    LOG.infof(
        "API corpus: %d calls over %d operations, answers %s", calls, operations.size(), statuses);
    assertThat(failures).as("seed " + seed).isEmpty();
  }

  private static String existing(String parameter) {
    return switch (parameter) {
      case "id" -> MIGRATION;
      case "table" -> "customers";
      case "column" -> "name";
      case "requestId", "validationId" -> "1";
      default -> "x";
    };
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String hostile(Random random) {
    List<String> pool = new ArrayList<>(PlanMutator.HOSTILE);
    pool.addAll(List.of("-1", "0", "9223372036854775808", "1.5", "%00", "..", "%2e%2e%2f"));
    return pool.get(random.nextInt(pool.size()));
  }
}
