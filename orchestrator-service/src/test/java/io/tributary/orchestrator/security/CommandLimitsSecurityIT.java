package io.tributary.orchestrator.security;

import static io.tributary.auth.Operator.given;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tributary.orchestrator.SqliteSourcesTestResource;
import io.tributary.testing.TributaryTestResource;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Security review M7 against the running orchestrator: a command's reason longer than 1,000
 * characters is refused with a JSON 400 naming the limit (it would be stored in the audit log and
 * resent by {@code /live} to every viewer), on every command endpoint.
 */
@QuarkusTest
@WithTestResource(TributaryTestResource.class)
@WithTestResource(SqliteSourcesTestResource.class)
class CommandLimitsSecurityIT {
  @Test
  @DisplayName("A 5 MB reason is refused with 400 naming the limit, on every command")
  void hugeReasonsAreRefused() {
    String huge = "x".repeat(5 * 1024 * 1024);
    for (String command :
        new String[] {"cutover", "rollback", "pause", "resume", "fallback", "finish"}) {
      given()
          .contentType(ContentType.JSON)
          .body(Map.of("reason", huge))
          .when()
          .post("/migrations/no-such-migration/" + command)
          .then()
          .statusCode(400)
          .contentType(ContentType.JSON)
          .body("error", containsString("at most 1000"));
    }
    given()
        .queryParam("reason", "y".repeat(1001))
        .when()
        .delete("/migrations/no-such-migration")
        .then()
        .statusCode(400)
        .body("error", containsString("at most 1000"));
  }
}
