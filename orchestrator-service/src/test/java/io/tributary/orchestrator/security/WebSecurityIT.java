package io.tributary.orchestrator.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.tributary.auth.Operator;
import io.tributary.orchestrator.SqliteSourcesTestResource;
import io.tributary.testing.TributaryTestResource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The exploits of the REST/web findings of issue 47 ("least privilege end to end"), each run
 * against the real service: every one must fail. Unauthenticated reads from loopback (validation
 * differences, the live view), the same through a forged proxy header, a page of another site that
 * rebound its name to this machine, a client holding many live streams, guessing the sign-in, and a
 * page framing the web UI.
 */
@QuarkusTest
@TestProfile(WebSecurityIT.Limits.class)
@WithTestResource(TributaryTestResource.class)
@WithTestResource(SqliteSourcesTestResource.class)
class WebSecurityIT {
  static {
    // Register the SQLite JDBC driver with this class loader: after another @QuarkusTest in the
    // same JVM, DriverManager hides the copy that test's class loader registered.
    try {
      Class.forName("org.sqlite.JDBC");
    } catch (ClassNotFoundException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  static final int STREAMS = 2;
  static final int FAILURES = 3;
  static final Duration LOCKOUT = Duration.ofSeconds(3);
  static final String INGRESS = "tributary.example.test";

  /** The defaults but small limits, so the tests reach them quickly. */
  public static class Limits implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "tributary.orchestrator.live-streams-per-client",
          Integer.toString(STREAMS),
          "tributary.auth.lockout-after-failures",
          Integer.toString(FAILURES),
          "tributary.auth.lockout",
          LOCKOUT.toMillis() + "ms",
          "tributary.auth.allowed-hosts",
          INGRESS);
    }
  }

  @TestHTTPResource("/")
  URL root;

  @Test
  @DisplayName("H2: unauthenticated reads from loopback are 401: validation differences, /live")
  void unauthenticatedReads() {
    for (String path :
        new String[] {
          "/migrations",
          "/migrations/sec-any/validation",
          "/migrations/sec-any/validation/results/1/differences",
          "/migrations/sec-any/live",
          "/ui/whoami"
        }) {
      RestAssured.given()
          .get(path)
          .then()
          .statusCode(401)
          .contentType("application/json")
          .body("error", containsString("no Authorization header"));
    }
    RestAssured.given().head("/migrations").then().statusCode(401);
  }

  @Test
  @DisplayName("H2: a forged X-Forwarded-For / Forwarded / X-Real-IP does not make a call local")
  void proxyHeadersDoNotHelp() {
    for (String[] header :
        new String[][] {
          {"X-Forwarded-For", "127.0.0.1"},
          {"Forwarded", "for=127.0.0.1;host=localhost;proto=http"},
          {"X-Real-IP", "127.0.0.1"},
          {"X-Forwarded-Host", "localhost"}
        }) {
      RestAssured.given()
          .header(header[0], header[1])
          .get("/migrations/sec-any/validation/results/1/differences")
          .then()
          .statusCode(401)
          .body("error", containsString("no Authorization header"));
    }
  }

  @Test
  @DisplayName(
      "H2: DNS rebinding: a Host that is not the service's is 400 naming it and the setting, with"
          + " the token too; the service's names and configured ones pass; /q/health any Host")
  void forgedHost() {
    Operator.given()
        .header("Host", "rebind.attacker.example")
        .get("/migrations")
        .then()
        .statusCode(400)
        .contentType("application/json")
        .body("error", containsString("'rebind.attacker.example'"))
        .body("error", containsString("tributary.auth.allowed-hosts"));
    RestAssured.given()
        .header("Host", "rebind.attacker.example:" + root.getPort())
        .get("/migrations/sec-any/live")
        .then()
        .statusCode(400);
    for (String host : new String[] {"localhost", "127.0.0.1", "[::1]", INGRESS}) {
      Operator.given()
          .header("Host", host + ":" + root.getPort())
          .get("/migrations")
          .then()
          .statusCode(200);
    }
    // Kubernetes probes send the pod's address: /q/* is not checked.
    RestAssured.given()
        .header("Host", "10.244.1.17:18080")
        .get("/q/health/live")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"));
  }

  @Test
  @DisplayName(
      "H2: live streams need a credential and are capped per client: one more is 429; a stream"
          + " that ends frees its place")
  void liveStreamsCapped() throws Exception {
    Operator.given()
        .contentType("application/yaml")
        .body(
            SqliteSourcesTestResource.shopPlan("sec-live", "sec_live")
                .getBytes(StandardCharsets.UTF_8))
        .post("/migrations")
        .then()
        .statusCode(201);
    assertThat(liveStatus(null).status).isEqualTo(401);
    List<Stream> open = new ArrayList<>();
    try {
      for (int i = 0; i < STREAMS; i++) {
        Stream stream = liveStatus("Bearer " + Operator.TOKEN);
        open.add(stream);
        assertThat(stream.status).isEqualTo(200);
      }
      Stream refused = liveStatus("Bearer " + Operator.TOKEN);
      open.add(refused);
      assertThat(refused.status).isEqualTo(429);
      assertThat(refused.body)
          .contains("too many live streams")
          .contains("tributary.orchestrator.live-streams-per-client");
      // The cap is per stream, not per request: other reads still pass.
      Operator.given().get("/migrations/sec-live").then().statusCode(200);
      open.remove(0).socket.close();
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                Stream again = liveStatus("Bearer " + Operator.TOKEN);
                open.add(again);
                return again.status == 200;
              });
    } finally {
      for (Stream s : open) {
        s.socket.close();
      }
    }
  }

  @Test
  @DisplayName(
      "Low: sign-in is throttled: after N wrong credentials 429 (the right one too) until the"
          + " lockout passes; the API's wrong tokens count alike")
  void signInThrottled() {
    for (int i = 0; i < FAILURES - 1; i++) {
      signIn("wrong-" + i).then().statusCode(303).header("Location", containsString("error="));
    }
    RestAssured.given()
        .header("Authorization", "Bearer wrong-too")
        .get("/migrations")
        .then()
        .statusCode(401);
    signIn(Operator.TOKEN)
        .then()
        .statusCode(429)
        .contentType("application/json")
        .header("Retry-After", notNullValue())
        .body("error", containsString("too many wrong credentials"))
        .body("error", containsString("tributary.auth.lockout"));
    Operator.given()
        .get("/migrations")
        .then()
        .statusCode(429)
        .body("error", containsString("too many wrong credentials"));
    await()
        .atMost(LOCKOUT.multipliedBy(5))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> Operator.given().get("/migrations").statusCode() == 200);
    signIn(Operator.TOKEN)
        .then()
        .statusCode(303)
        .header("Location", endsWith("/ui/"))
        .cookie("tributary-session", notNullValue());
  }

  @Test
  @DisplayName(
      "Low: the session cookie is HttpOnly, SameSite=Strict, and Secure when the sign-in came over"
          + " HTTPS (a TLS proxy's X-Forwarded-Proto)")
  void sessionCookie() {
    String plain = signIn(Operator.TOKEN).then().statusCode(303).extract().header("Set-Cookie");
    assertThat(plain).contains("HttpOnly").containsIgnoringCase("SameSite=Strict");
    assertThat(plain).doesNotContainIgnoringCase("Secure;").doesNotEndWith("Secure");
    String tls =
        RestAssured.given()
            .redirects()
            .follow(false)
            .header("X-Forwarded-Proto", "https")
            .formParam("token", Operator.TOKEN)
            .post("/ui/sign-in")
            .then()
            .statusCode(303)
            .extract()
            .header("Set-Cookie");
    assertThat(tls).containsIgnoringCase("Secure");
  }

  @Test
  @DisplayName(
      "Low: the web UI may not be framed, is not sniffed, and runs only its own scripts and styles"
          + " (a CSP its pages keep: no inline script or style)")
  void uiHeaders() {
    for (String page :
        new String[] {
          "/ui/", "/ui/index.html", "/ui/sign-in.html", "/ui/migration.html", "/ui/app.js"
        }) {
      Response response = RestAssured.given().get(page);
      response
          .then()
          .statusCode(200)
          .header("X-Frame-Options", equalTo("DENY"))
          .header("X-Content-Type-Options", equalTo("nosniff"))
          // not no-referrer: browsers would send Origin: null on the sign-in form's POST
          .header("Referrer-Policy", equalTo("same-origin"))
          .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
          .header("Content-Security-Policy", containsString("script-src 'self'"))
          .header("Content-Security-Policy", not(containsString("unsafe-inline")));
      if (page.endsWith("/") || page.endsWith(".html")) {
        String html = response.asString();
        assertThat(html).as(page + ": inline script").doesNotContain("<script>");
        assertThat(html).as(page + ": inline style").doesNotContain("style=");
      }
    }
    for (String page :
        new String[] {"/ui/validation.html", "/ui/rejects.html", "/ui/index.js", "/ui/app.css"}) {
      RestAssured.given()
          .get(page)
          .then()
          .statusCode(200)
          .header("X-Content-Type-Options", equalTo("nosniff"));
    }
    signIn(Operator.TOKEN).then().statusCode(303).header("X-Frame-Options", equalTo("DENY"));
  }

  private static Response signIn(String token) {
    return RestAssured.given()
        .redirects()
        .follow(false)
        .formParam("token", token)
        .formParam("then", "/ui/")
        .post("/ui/sign-in");
  }

  /** A live stream held open on its own connection, its status and the start of its body. */
  private record Stream(Socket socket, int status, String body) {}

  private Stream liveStatus(String authorization) throws IOException {
    Socket socket = new Socket(root.getHost(), root.getPort());
    socket.setSoTimeout(10_000);
    OutputStream out = socket.getOutputStream();
    out.write(
        ("GET /migrations/sec-live/live HTTP/1.1\r\nHost: localhost:"
                + root.getPort()
                + "\r\nAccept: text/event-stream\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                + "\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    String statusLine = in.readLine();
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    StringBuilder body = new StringBuilder();
    if (status != 200) {
      // An error answer: JSON of Content-Length characters (ASCII), or one chunk.
      int length = -1;
      boolean chunked = false;
      String line;
      while ((line = in.readLine()) != null && !line.isEmpty()) {
        String lower = line.toLowerCase(Locale.ROOT);
        if (lower.startsWith("content-length:")) {
          length = Integer.parseInt(lower.substring("content-length:".length()).strip());
        } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
          chunked = true;
        }
      }
      if (chunked) {
        length = Integer.parseInt(in.readLine().strip(), 16);
      }
      char[] chars = new char[Math.max(0, length)];
      int read = 0;
      while (read < chars.length) {
        int n = in.read(chars, read, chars.length - read);
        if (n < 0) {
          break;
        }
        read += n;
      }
      body.append(chars, 0, read);
    }
    return new Stream(socket, status, body.toString());
  }
}
