package io.tributary.orchestrator.security;

import static io.tributary.auth.Operator.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.tributary.auth.Operator;
import io.tributary.orchestrator.SqliteSourcesTestResource;
import io.tributary.testing.TributaryTestResource;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 47, H2, against the running orchestrator (the tests open reads on loopback, as the local
 * runtime does; OperatorAuthBasicIT checks the default, closed): a read without a credential naming
 * another Host — a page of another site a browser resolved to 127.0.0.1 — is refused; a client
 * cannot hold more than its share of live streams.
 */
@QuarkusTest
@WithTestResource(TributaryTestResource.class)
@WithTestResource(SqliteSourcesTestResource.class)
class WebSecurityIT {
  @TestHTTPResource("/")
  URL root;

  @Test
  @DisplayName(
      "A read without a credential naming Host rebind.attacker.example gets 401, saying why;"
          + " with the credential it is served")
  void aReadNamingAnotherHostNeedsACredential() {
    RestAssured.given()
        .header("Host", "rebind.attacker.example")
        .get("/migrations")
        .then()
        .statusCode(401)
        .body("error", containsString("not a loopback name"));
    RestAssured.given().header("Host", "localhost").get("/migrations").then().statusCode(200);
    given().header("Host", "rebind.attacker.example").get("/migrations").then().statusCode(200);
  }

  @Test
  @DisplayName(
      "A client holds at most 4 live streams: the fifth gets 429 naming the setting; one ended"
          + " makes room")
  void liveStreamsAreLimitedPerClient() throws Exception {
    given()
        .contentType("application/yaml")
        .body(
            SqliteSourcesTestResource.shopPlan("sec-live", "sec_live")
                .getBytes(StandardCharsets.UTF_8))
        .post("/migrations")
        .then()
        .statusCode(201);
    HttpClient client = HttpClient.newHttpClient();
    List<InputStream> open = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        HttpResponse<InputStream> response =
            client.send(live(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).as("stream %d", i + 1).isEqualTo(200);
        open.add(response.body());
      }
      HttpResponse<String> refused = client.send(live(), HttpResponse.BodyHandlers.ofString());
      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(refused.body()).contains("live-streams-per-client");
      open.remove(0).close();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> {
                HttpResponse<InputStream> again =
                    client.send(live(), HttpResponse.BodyHandlers.ofInputStream());
                if (again.statusCode() == 200) {
                  open.add(again.body());
                  return true;
                }
                again.body().close();
                return false;
              });
    } finally {
      for (InputStream stream : open) {
        stream.close();
      }
    }
  }

  private HttpRequest live() {
    return HttpRequest.newBuilder(URI.create(root + "migrations/sec-live/live"))
        .header("Authorization", "Bearer " + Operator.TOKEN)
        .header("Accept", "text/event-stream")
        .timeout(Duration.ofSeconds(10))
        .build();
  }
}
