package io.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each kind of answer ends in its exit status and one line saying what is wrong. */
class ExitCodesTest {
  private FakeApi api;
  private Run cli;

  @BeforeEach
  void start() throws IOException {
    api = new FakeApi();
    cli = Run.against(api, "t0ken");
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private static void oneLine(Run.Result r) {
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err()).startsWith("tributary").doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void ok200() {
    api.on("GET", "/migrations", 200, "[{\"id\":\"demo\",\"state\":\"REPLICATING\"}]");
    Run.Result r = cli.run("list");
    assertThat(r.code()).isEqualTo(ExitCode.OK);
    assertThat(r.err()).isEmpty();
  }

  @Test
  void accepted202() {
    api.on(
        "POST",
        "/migrations/demo/pause",
        200,
        "{\"migration\":\"demo\",\"command\":\"pause\",\"state\":\"REPLICATING\",\"cutover\":null,"
            + "\"message\":\"capture paused\"}");
    api.on(
        "POST",
        "/migrations/demo/cutover",
        202,
        Docs.resource("cutover-started.json").replace("bench-load-20261125205004", "demo"));
    assertThat(cli.run("pause", "demo").code()).isEqualTo(ExitCode.OK);
    Run.Result r = cli.run("cutover", "demo", "--reason", "go live");
    assertThat(r.code()).isEqualTo(ExitCode.OK);
    assertThat(r.out())
        .isEqualTo(
            "demo: CUTTING_OVER (cutover 25): cutover 25 started: follow it with GET"
                + " /migrations/demo/cutover\n");
    assertThat(api.last().body()).isEqualTo("{\"reason\":\"go live\"}");
    assertThat(api.last().header("Content-Type")).isEqualTo("application/json");
  }

  @Test
  void badRequest400IsExit1WithTheApisError() {
    api.on(
        "POST",
        "/migrations/demo/validate",
        400,
        "{\"error\":\"migration 'demo' has no table 'nope' (its tables: orders, customers)\"}");
    Run.Result r = cli.run("validate", "demo", "--table", "nope");
    assertThat(r.code()).isEqualTo(ExitCode.FAILED);
    assertThat(r.err())
        .isEqualTo(
            "tributary: POST /migrations/demo/validate?table=nope answered 400: migration 'demo'"
                + " has no table 'nope' (its tables: orders, customers)\n");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void aRefusedPlanNamesEveryField() throws IOException {
    api.on(
        "POST",
        "/migrations",
        400,
        "{\"errors\":[{\"field\":\"sources[0].path\",\"message\":\"no such file\"},"
            + "{\"field\":\"migration\",\"message\":\"is required\"}]}");
    Path plan = Files.createTempFile("plan", ".yaml");
    Files.writeString(plan, "sources: []\n");
    Run.Result r = cli.run("plan", plan.toString());
    assertThat(r.code()).isEqualTo(ExitCode.FAILED);
    assertThat(r.err())
        .isEqualTo(
            """
            tributary: POST /migrations: the plan is refused:
              sources[0].path: no such file
              migration: is required
            """);
  }

  @Test
  void unauthorized401SaysWhereTheTokenComesFrom() {
    api.on("POST", "/migrations/demo/pause", 401, "{\"error\":\"the operator token is wrong\"}");
    Run.Result r = cli.run("pause", "demo");
    assertThat(r.code()).isEqualTo(ExitCode.FAILED);
    oneLine(r);
    assertThat(r.err())
        .isEqualTo(
            "tributary: POST /migrations/demo/pause: not authorized (the operator token is wrong):"
                + " the operator token in TRIBUTARY_TOKEN was refused (the local runtime's token is"
                + " in deploy/local/.run/operator-token)\n");

    Run without = Run.against(api, null);
    api.on("POST", "/migrations/demo/resume", 401, "{\"error\":\"no credentials\"}");
    Run.Result none = without.run("resume", "demo");
    assertThat(none.code()).isEqualTo(ExitCode.FAILED);
    assertThat(none.err())
        .contains(
            "not authorized (no credentials): no operator token was sent: set TRIBUTARY_TOKEN");
    assertThat(api.last().header("Authorization")).isNull();
  }

  @Test
  void notFound404IsExit1() {
    api.on("GET", "/migrations/nope", 404, "{\"error\":\"migration 'nope' does not exist\"}");
    Run.Result r = cli.run("status", "nope");
    assertThat(r.code()).isEqualTo(ExitCode.FAILED);
    assertThat(r.err())
        .isEqualTo(
            "tributary: GET /migrations/nope answered 404: migration 'nope' does not exist\n");
  }

  @Test
  void conflict409IsExit2AndSaysWhy() {
    api.on(
        "POST",
        "/migrations/demo/cutover",
        409,
        "{\"error\":\"migration 'demo' is SNAPSHOTTING: a cutover needs REPLICATING or"
            + " ROLLED_BACK\",\"id\":\"demo\",\"state\":\"SNAPSHOTTING\"}");
    Run.Result r = cli.run("cutover", "demo", "--wait");
    assertThat(r.code()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err())
        .isEqualTo(
            "tributary: refused: migration 'demo' is SNAPSHOTTING: a cutover needs REPLICATING or"
                + " ROLLED_BACK\n");
    assertThat(api.requests()).hasSize(1); // nothing followed
  }

  @Test
  void serverErrorsAndAnswersThatAreNotJsonAreExit1() {
    api.on("GET", "/migrations/demo/events", 500, "<html>\n<body>Internal Server Error</body>");
    Run.Result r = cli.run("events", "demo");
    assertThat(r.code()).isEqualTo(ExitCode.FAILED);
    assertThat(r.err())
        .isEqualTo("tributary: GET /migrations/demo/events answered 500: <html> …\n");

    api.on("GET", "/migrations", 200, "Hello from some other server");
    Run.Result other = cli.run("list");
    assertThat(other.code()).isEqualTo(ExitCode.FAILED);
    assertThat(other.err()).contains("answered 200 with something that is not JSON");
  }

  @Test
  void connectionRefusedIsExit69() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Run down = new Run();
    down.env.put("TRIBUTARY_API", "http://127.0.0.1:" + port);
    Run.Result r = down.run("status", "demo");
    assertThat(r.code()).isEqualTo(ExitCode.UNAVAILABLE);
    oneLine(r);
    assertThat(r.err())
        .isEqualTo(
            "tributary: cannot reach the API at http://127.0.0.1:"
                + port
                + " (set by $TRIBUTARY_API): connection refused; is the runtime up?"
                + " (deploy/local/up.sh starts it)\n");
  }

  @Test
  void anUnknownHostIsExit69() {
    Run nowhere = new Run();
    nowhere.env.put("TRIBUTARY_API", "http://no-such-host.invalid:18080");
    Run.Result r = nowhere.run("list");
    assertThat(r.code()).isEqualTo(ExitCode.UNAVAILABLE);
    oneLine(r);
    assertThat(r.err()).contains("unknown host no-such-host.invalid");
  }

  @Test
  void anAnswerTooLateIsExit69() {
    api.on("GET", "/migrations/demo", 200, "{}", Duration.ofSeconds(3));
    Run.Result r = cli.run("status", "demo", "--request-timeout", "0.3");
    assertThat(r.code()).isEqualTo(ExitCode.UNAVAILABLE);
    oneLine(r);
    assertThat(r.err())
        .isEqualTo(
            "tributary: the API at "
                + api.url()
                + " did not answer GET /migrations/demo within 0.3 s (--request-timeout)\n");
  }
}
