package io.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** --json: the API's answer as it is, indented; on every command that prints an answer. */
class JsonOutputTest {
  private FakeApi api;
  private Run cli;

  @BeforeEach
  void start() throws IOException {
    api = new FakeApi();
    cli = Run.against(api, null);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void statusJsonIsTheAnswerIndentedWithNumbersAsTheyWere() {
    String real = Docs.resource("status-replicating.json");
    api.on("GET", "/migrations/bench-load-20261125205004", 200, real);
    Run.Result r = cli.run("status", "bench-load-20261125205004", "--json");
    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo(real); // the resource is indented the same way
  }

  @Test
  void numbersStayExactAndTheIndentIsTwoSpaces() {
    api.on(
        "GET",
        "/migrations/demo/validation/results/5/differences",
        200,
        "{\"key\":{\"id\":12345678901234567890},\"v\":258.240,\"e\":1e400,\"l\":[],\"o\":{},"
            + "\"s\":\"ünïcode — ok\"}");
    Run.Result r = cli.run("differences", "demo", "5", "--json");
    assertThat(r.out())
        .isEqualTo(
            """
            {
              "key": {
                "id": 12345678901234567890
              },
              "v": 258.240,
              "e": 1E+400,
              "l": [],
              "o": {},
              "s": "ünïcode — ok"
            }
            """);
  }

  @Test
  void aRefusalWithJsonPrintsTheAnswerToo() {
    String conflict =
        "{\"error\":\"migration 'demo' is paused\",\"id\":\"demo\",\"state\":\"REPLICATING\"}";
    api.on("POST", "/migrations/demo/pause", 409, conflict);
    Run.Result r = cli.run("pause", "demo", "--json");
    assertThat(r.code()).isEqualTo(ExitCode.USAGE);
    assertThat(Json.parseOrNull(r.out())).isEqualTo(Json.parseOrNull(conflict));
    assertThat(r.err()).isEqualTo("tributary: refused: migration 'demo' is paused\n");
  }

  @Test
  void validateWithoutWaitPrintsTheAcceptedRequest() {
    String accepted =
        "{\"requestId\":9,\"migration\":\"demo\",\"mode\":\"deep\",\"source\":null,"
            + "\"table\":null,\"status\":\"requested\"}";
    api.on("POST", "/migrations/demo/validate", 202, accepted);
    Run.Result r = cli.run("validate", "demo", "--json");
    assertThat(Json.parseOrNull(r.out())).isEqualTo(Json.parseOrNull(accepted));
  }

  @Test
  void everyCommandThatCallsTheApiTakesJson() {
    CommandLine cl =
        new Cli(
                new Context(
                    Map.of(),
                    Path.of("/nonexistent"),
                    new PrintWriter(new StringWriter()),
                    new PrintWriter(new StringWriter()),
                    new FakeTicker(),
                    false,
                    ZoneOffset.UTC))
            .commandLine();
    assertThat(cl.getSubcommands()).hasSize(25);
    cl.getSubcommands()
        .forEach(
            (name, sub) -> {
              if (!name.equals("help") && !name.equals("completion")) {
                assertThat(sub.getCommandSpec().findOption("--json")).as(name).isNotNull();
              }
            });
  }
}
