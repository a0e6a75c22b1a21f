package io.tributary.orchestrator.auth;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import io.tributary.orchestrator.SqliteSourcesTestResource;
import io.tributary.testing.TributaryTestResource;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Operator credentials in mode basic, with the loopback opt-in ({@code
 * open-reads-on-loopback=true}): reads from loopback need no credential, but a relayed call (a
 * proxy header) or the live view still does.
 */
@QuarkusTest
@TestProfile(OperatorAuthBasicIT.BasicMode.class)
@WithTestResource(TributaryTestResource.class)
@WithTestResource(SqliteSourcesTestResource.class)
class OperatorAuthBasicIT {
  static {
    // Register the SQLite JDBC driver with this class loader: after another @QuarkusTest in the
    // same JVM, DriverManager hides the copy that test's class loader registered.
    try {
      Class.forName("org.sqlite.JDBC");
    } catch (ClassNotFoundException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Mode basic, users alice and bob, reads from loopback open. */
  public static class BasicMode implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "tributary.auth.mode", "basic",
          "tributary.auth.users.alice", "secret",
          "tributary.auth.users.bob", "hunter2",
          "tributary.auth.open-reads-on-loopback", "true");
    }
  }

  private static RequestSpecification as(String user, String password) {
    return RestAssured.given().auth().preemptive().basic(user, password);
  }

  @Test
  @DisplayName("alice/secret changes, as alice; the audit log names her")
  void userAndPassword() {
    as("alice", "secret")
        .contentType(OperatorAuthIT.YAML)
        .body(new byte[0])
        .post("/migrations")
        .then()
        .statusCode(400)
        .body("$", hasKey("errors"));
    as("alice", "secret")
        .contentType(OperatorAuthIT.YAML)
        .body(
            SqliteSourcesTestResource.shopPlan("basic-actor", "basic_actor")
                .getBytes(StandardCharsets.UTF_8))
        .post("/migrations")
        .then()
        .statusCode(201);
    as("bob", "hunter2")
        .get("/migrations/basic-actor/events")
        .then()
        .statusCode(200)
        .body("size()", equalTo(3))
        .body("actor", everyItem(equalTo("alice")));
  }

  @Test
  @DisplayName("A wrong password or unknown user is 401 with a Basic challenge, the same answer")
  void wrongPassword() {
    as("alice", "wrong")
        .post("/migrations/basic-x/finalize")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", equalTo("Basic realm=\"tributary\""))
        .body("error", equalTo("unknown user 'alice' or wrong password"));
    as("mallory", "secret")
        .post("/migrations/basic-x/finalize")
        .then()
        .statusCode(401)
        .body("error", equalTo("unknown user 'mallory' or wrong password"));
    RestAssured.given()
        .header("Authorization", "Bearer secret")
        .post("/migrations/basic-x/finalize")
        .then()
        .statusCode(401)
        .body(
            "error",
            equalTo(
                "malformed Authorization header: the scheme is 'Bearer' but this orchestrator"
                    + " expects Authorization: Basic <base64 of user:password>"));
  }

  @Test
  @DisplayName(
      "With open-reads-on-loopback=true reads from loopback need no credential; relayed ones and"
          + " the live view do")
  void openReadsOptIn() {
    RestAssured.given().get("/migrations").then().statusCode(200).body("$", not(hasKey("error")));
    as("bob", "hunter2").get("/migrations").then().statusCode(200).body("$", not(hasKey("error")));
    // A proxy on this machine relays others' calls: its headers never count as loopback.
    for (String[] header :
        new String[][] {
          {"X-Forwarded-For", "127.0.0.1"},
          {"Forwarded", "for=127.0.0.1"},
          {"X-Real-IP", "127.0.0.1"},
          {"Via", "1.1 proxy"}
        }) {
      RestAssured.given()
          .header(header[0], header[1])
          .get("/migrations")
          .then()
          .statusCode(401)
          .header("WWW-Authenticate", equalTo("Basic realm=\"tributary\""))
          .body(
              "error",
              equalTo(
                  "no Authorization header: this call reads and needs an operator credential"
                      + " (Authorization: Basic <base64 of user:password>)"));
    }
    // The live view holds a stream: always a credential (401 before the 404 of no migration).
    RestAssured.given()
        .get("/migrations/no-such-migration/live")
        .then()
        .statusCode(401)
        .body("error", containsString("this call follows a stream"));
    // A wrong credential is checked, not ignored.
    as("bob", "wrong").get("/migrations").then().statusCode(401);
    RestAssured.given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    RestAssured.given()
        .queryParam("format", "json")
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body("components.securitySchemes.operator.scheme", equalTo("basic"))
        .body("paths.'/migrations'.get.security", hasItem(equalTo(Map.of())))
        .body("paths.'/migrations'.get.security", hasItem(hasKey("operator")));
  }
}
