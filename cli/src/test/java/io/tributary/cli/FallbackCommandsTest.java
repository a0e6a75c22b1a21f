package io.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** fallback, finish and fallback-status (POST/GET /migrations/{id}/fallback, POST .../finish). */
class FallbackCommandsTest {
  private static final String FELL_BACK =
      """
      {"migration":"demo","fallback":4,"state":"FELL_BACK","outcome":"fell_back","writePauseMs":412,
       "steps":[{"step":"freeze-target","durationMs":31,"detail":"target frozen"},
                {"step":"drain","durationMs":58,"detail":"fence 4 written back"}],
       "detail":"fallback 4 switched the applications back to the sources"}
      """;
  private static final String ROLLED_BACK =
      """
      {"migration":"demo","fallback":5,"state":"CUT_OVER","outcome":"rolled_back","writePauseMs":3100,
       "steps":[{"step":"validate","durationMs":2900,"detail":"failed: tasks MISMATCH"}],
       "detail":"fallback 5 rolled back: validate: tasks MISMATCH"}
      """;
  private static final String WINDOW =
      """
      {"migration":"demo","state":"CUT_OVER",
       "window":{"slot":"tributary_back_demo_1a2b3c4d","switchLsn":"0/1A2B","endsAt":"2026-11-27T10:00:00Z",
                 "appliedLsn":"0/1C00","appliedAt":"2026-11-26T10:05:00Z","appliedChanges":1234,
                 "changedRows":1001,"lagBytes":2048,"rejects":2,
                 "verifiedAt":"2026-11-26T10:04:30Z","unverifiedRows":12},
       "latestFallback":null}
      """;

  private FakeApi api;
  private Run cli;

  @BeforeEach
  void start() throws IOException {
    api = new FakeApi();
    cli = Run.against(api, "tok");
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void fallbackPrintsEachStepAndThePause() {
    api.on("POST", "/migrations/demo/fallback", 200, FELL_BACK);
    Run.Result r = cli.run("fallback", "demo", "--reason", "bug in v2");
    assertThat(r.code()).isZero();
    assertThat(api.last().method()).isEqualTo("POST");
    assertThat(api.last().body()).contains("\"reason\":\"bug in v2\"");
    assertThat(r.out())
        .startsWith("demo: fallback 4 fell_back (FELL_BACK), write pause 412 ms")
        .contains("freeze-target")
        .contains("fence 4 written back");
  }

  @Test
  void aFallbackThatRolledBackExitsOne() {
    api.on("POST", "/migrations/demo/fallback", 200, ROLLED_BACK);
    Run.Result r = cli.run("fallback", "demo");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("rolled_back (CUT_OVER)").contains("tasks MISMATCH");
  }

  @Test
  void aRefusedFallbackSaysWhy() {
    api.on(
        "POST",
        "/migrations/demo/fallback",
        409,
        "{\"error\":\"migration 'demo' is REPLICATING: a fallback starts from CUT_OVER\"}");
    Run.Result r = cli.run("fallback", "demo");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("a fallback starts from CUT_OVER");
  }

  @Test
  void aFallbackRehearsalListsItsChecks() {
    api.on(
        "POST",
        "/migrations/demo/fallback",
        200,
        """
        {"migration":"demo","ready":false,"durationMs":95,"checks":[
          {"check":"state","subject":null,"ok":true,"detail":"the migration is CUT_OVER"},
          {"check":"validation","subject":null,"ok":false,
           "detail":"the latest validation in reverse differs: app.tasks MISMATCH"}]}
        """);
    Run.Result r = cli.run("fallback", "demo", "--check");
    assertThat(r.code()).isEqualTo(ExitCode.NOT_READY);
    assertThat(api.last().query()).isEqualTo("check=true");
    assertThat(r.out())
        .contains("ok   state: the migration is CUT_OVER")
        .contains("FAIL validation: the latest validation in reverse differs: app.tasks MISMATCH")
        .contains("demo: NOT ready");
    assertThat(cli.run("fallback", "demo", "--check", "--reason", "x").code()).isEqualTo(2);
  }

  @Test
  void statusShowsTheWindow() {
    api.on("GET", "/migrations/demo/fallback", 200, WINDOW);
    Run.Result r = cli.run("fallback-status", "demo");
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains("demo: CUT_OVER")
        .contains("open, ends 2026-11-27T10:00:00Z")
        .contains("1,234 changes, 1,001 rows")
        .contains("reverse rejects: 2")
        .contains("verified:        every table up to 2026-11-26T10:04:30Z, 12 rows written back");
  }

  @Test
  void statusShowsThePostSwitchVerificationAndRecommendsAFallbackOnADifference() {
    api.on(
        "GET",
        "/migrations/demo/fallback",
        200,
        WINDOW.replace(
            "\"latestFallback\":null",
            """
            "latestFallback":null,
            "postSwitch":{"requestId":41,"status":"MISMATCH","differingRows":1,
              "tables":["app.tasks MISMATCH"],
              "recommendation":"1 row differs between the frozen sources and the target"}
            """));
    Run.Result r = cli.run("fallback-status", "demo");
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains("post-switch:     MISMATCH: 1 rows differ (app.tasks MISMATCH) [request 41]")
        .contains("FALLBACK RECOMMENDED: 1 row differs between the frozen sources and the target");

    api.on(
        "GET",
        "/migrations/other/fallback",
        200,
        WINDOW.replace(
            "\"latestFallback\":null",
            """
            "latestFallback":null,
            "postSwitch":{"requestId":42,"tablesTotal":3,"tablesDone":1,"differingRows":0}
            """));
    assertThat(cli.run("fallback-status", "other").out())
        .contains("post-switch:     running, 1 of 3 tables compared [request 42]")
        .doesNotContain("RECOMMENDED");
  }

  @Test
  void finishEndsTheWindow() {
    api.on(
        "POST",
        "/migrations/demo/finish",
        200,
        "{\"migration\":\"demo\",\"state\":\"FINISHED\",\"detail\":\"fallback window finished\"}");
    Run.Result r = cli.run("finish", "demo");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("demo: FINISHED").contains("fallback window finished");
  }
}
