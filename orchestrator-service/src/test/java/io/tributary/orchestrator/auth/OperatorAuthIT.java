package io.tributary.orchestrator.auth;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.tributary.auth.Operator;
import io.tributary.orchestrator.SqliteSourcesTestResource;
import io.tributary.testing.TributaryTestResource;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Operator credentials in the default mode, token, with the tests' token ({@link Operator#TOKEN}):
 * changes and reads need it, from loopback too; {@code /q/*} is open. The exploits of issue 47
 * against these defaults: {@link io.tributary.orchestrator.security.WebSecurityIT}.
 */
@QuarkusTest
@WithTestResource(TributaryTestResource.class)
@WithTestResource(SqliteSourcesTestResource.class)
class OperatorAuthIT {
  static {
    // Register the SQLite JDBC driver with this class loader: after another @QuarkusTest in the
    // same JVM, DriverManager hides the copy that test's class loader registered.
    try {
      Class.forName("org.sqlite.JDBC");
    } catch (ClassNotFoundException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  static final String YAML = "application/yaml";

  @Test
  @DisplayName("A change without a credential is 401 with a Bearer challenge and the reason")
  void noCredential() {
    RestAssured.given()
        .contentType(YAML)
        .body(
            SqliteSourcesTestResource.shopPlan("auth-none", "auth_none")
                .getBytes(StandardCharsets.UTF_8))
        .post("/migrations")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", equalTo("Bearer realm=\"tributary\""))
        .contentType("application/json")
        .body(
            "error",
            equalTo(
                "no Authorization header: this call changes a migration and needs an operator"
                    + " credential (Authorization: Bearer <token>)"));
    // Nothing was created.
    Operator.given().get("/migrations/auth-none").then().statusCode(404);

    for (String path :
        new String[] {
          "/migrations/auth-none/validate",
          "/migrations/auth-none/finalize",
          "/migrations/auth-none/rejects/replay"
        }) {
      RestAssured.given()
          .post(path)
          .then()
          .statusCode(401)
          .body("error", containsString("no Authorization header"));
    }
    RestAssured.given()
        .contentType("application/json")
        .body("{\"invalid\": \"null\"}")
        .patch("/migrations/auth-none/tables/customers/columns/name")
        .then()
        .statusCode(401)
        .body("error", containsString("no Authorization header"));
  }

  @Test
  @DisplayName("A wrong token or another scheme is 401, saying which")
  void wrongCredential() {
    RestAssured.given()
        .header("Authorization", "Bearer " + Operator.TOKEN + "-not")
        .contentType(YAML)
        .body(new byte[0])
        .post("/migrations")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", equalTo("Bearer realm=\"tributary\""))
        .body("error", equalTo("the bearer token is not the operator token"));
    RestAssured.given()
        .auth()
        .preemptive()
        .basic("alice", "secret")
        .post("/migrations/x/finalize")
        .then()
        .statusCode(401)
        .body(
            "error",
            equalTo(
                "malformed Authorization header: the scheme is 'Basic' but this orchestrator"
                    + " expects Authorization: Bearer <token>"));
  }

  @Test
  @DisplayName("With the operator token a change goes through: an empty plan is refused as a plan")
  void rightToken() {
    Operator.given()
        .contentType(YAML)
        .body(new byte[0])
        .post("/migrations")
        .then()
        .statusCode(400)
        .body("errors", not(Matchers.empty()));
    RestAssured.given()
        .header("Authorization", "bearer " + Operator.TOKEN)
        .post("/migrations/auth-nope/finalize")
        .then()
        .statusCode(404)
        .body("error", notNullValue());
  }

  @Test
  @DisplayName("The operator is the actor of what their call changes")
  void actorIsTheOperator() {
    Operator.given()
        .contentType(YAML)
        .body(
            SqliteSourcesTestResource.shopPlan("auth-actor", "auth_actor")
                .getBytes(StandardCharsets.UTF_8))
        .post("/migrations")
        .then()
        .statusCode(201)
        .body("id", equalTo("auth-actor"));
    Operator.given()
        .get("/migrations/auth-actor/events")
        .then()
        .statusCode(200)
        .body("size()", equalTo(3))
        .body("actor", everyItem(equalTo(Operator.NAME)));
    int request =
        Operator.given()
            .post("/migrations/auth-actor/validate")
            .then()
            .statusCode(202)
            .extract()
            .path("requestId");
    Operator.given()
        .get("/migrations/auth-actor/validation/requests/{rid}", request)
        .then()
        .statusCode(200)
        .body("requestedBy", equalTo(Operator.NAME));
  }

  @Test
  @DisplayName("Reads need the credential by default, from loopback too; a wrong one is refused")
  void closedReads() {
    RestAssured.given()
        .get("/migrations")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", equalTo("Bearer realm=\"tributary\""))
        .contentType("application/json")
        .body(
            "error",
            equalTo(
                "no Authorization header: this call reads and needs an operator credential"
                    + " (Authorization: Bearer <token>)"));
    RestAssured.given()
        .header("Authorization", "Bearer wrong")
        .get("/migrations/auth-nope")
        .then()
        .statusCode(401)
        .body("error", equalTo("the bearer token is not the operator token"));
    Operator.given().get("/migrations").then().statusCode(200).body("$", not(hasKey("error")));
    Operator.given()
        .get("/migrations/auth-nope")
        .then()
        .statusCode(404)
        .body("error", containsString("auth-nope"));
  }

  @Test
  @DisplayName("/q/health and /q/openapi are open; OpenAPI declares the bearer scheme on changes")
  void openQuarkusEndpoints() {
    RestAssured.given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    RestAssured.given()
        .queryParam("format", "json")
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body("components.securitySchemes.operator.type", equalTo("http"))
        .body("components.securitySchemes.operator.scheme", equalTo("bearer"))
        .body("paths.'/migrations'.post.security", hasItem(hasKey("operator")))
        .body("paths.'/migrations'.post.responses.'401'.description", notNullValue())
        .body(
            "paths.'/migrations/{id}/tables/{table}/columns/{column}'.patch.security",
            hasItem(hasKey("operator")))
        // Reads: the operator's credential too.
        .body("paths.'/migrations'.get.security", not(hasItem(equalTo(Map.of()))))
        .body("paths.'/migrations'.get.security", hasItem(hasKey("operator")))
        .body("paths.'/q/health'", nullValue());
  }
}
