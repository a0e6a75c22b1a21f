package io.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The other commands: their requests and their lines, which are those of the shell version (the
 * expected lines below are real output quoted in docs/validation.md and docs/cutover.md).
 */
class CommandsTest {
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

  private static String result(
      long id,
      String table,
      String status,
      long source,
      long target,
      long missing,
      long differing,
      boolean listed,
      long ms,
      String detail) {
    return """
        {"validationId":%d,"requestId":2,"migration":"demo","source":"shop","table":"%s",
         "targetSchema":"shop","targetTable":"%s","mode":"deep","status":"%s","sourceRows":%d,
         "targetRows":%d,"rejectedRows":0,"expectedRejects":0,"applyLag":0,"detail":"%s",
         "comparison":{"comparedRows":%d,"missingRows":%d,"extraRows":0,"differingRows":%d,
           "differencesListed":%d,"differencesComplete":true,"passes":1,"durationMs":%d,
           "differences":[]}}
        """
        .formatted(
            id,
            table,
            table,
            status,
            source,
            target,
            detail,
            source,
            missing,
            differing,
            listed ? 1 : 0,
            ms);
  }

  private static final String REQUEST_DONE =
      """
      {"id":2,"mode":"deep","source":null,"table":null,"requestedBy":"api",
       "requestedAt":"2026-11-22T22:03:07.358828Z","startedAt":"2026-11-22T22:03:08Z",
       "doneAt":"2026-11-22T22:03:10Z","status":"MISMATCH","tablesTotal":4,"tablesDone":4,
       "error":null,"results":[%s,%s,%s,%s]}
      """
          .formatted(
              result(
                  16,
                  "customers",
                  "MISMATCH",
                  20_000,
                  20_000,
                  0,
                  1,
                  true,
                  312,
                  "1 row differs: 1 with different values (columns: email); 1 listed"),
              result(
                  17,
                  "order_tags",
                  "MATCH",
                  31_953,
                  31_953,
                  0,
                  0,
                  false,
                  287,
                  "31953 rows equal on both sides"),
              result(
                  18,
                  "orders",
                  "MISMATCH",
                  80_000,
                  79_999,
                  1,
                  0,
                  true,
                  801,
                  "1 row differs: 1 missing from the target; 1 listed"),
              result(
                  19,
                  "products",
                  "MATCH",
                  5_000,
                  5_000,
                  0,
                  0,
                  false,
                  120,
                  "5000 rows equal on both sides"));

  @Test
  void validateWaitPrintsEachTablesResultAndExits1OnMismatch() {
    api.on(
        "POST",
        "/migrations/demo/validate",
        202,
        "{\"requestId\":2,\"migration\":\"demo\",\"mode\":\"deep\",\"source\":null,\"table\":null,"
            + "\"status\":\"requested\"}");
    api.on(
            "GET",
            "/migrations/demo/validation/requests/2",
            200,
            "{\"id\":2,\"mode\":\"deep\",\"requestedBy\":\"api\",\"startedAt\":null,\"doneAt\":null}")
        .on(
            "GET",
            "/migrations/demo/validation/requests/2",
            200,
            "{\"id\":2,\"mode\":\"deep\",\"startedAt\":\"2026-11-22T22:03:08Z\",\"doneAt\":null,"
                + "\"tablesTotal\":4,\"tablesDone\":1}")
        .on("GET", "/migrations/demo/validation/requests/2", 200, REQUEST_DONE);
    Run.Result r = cli.run("validate", "demo", "--wait");
    assertThat(r.code()).isEqualTo(ExitCode.FAILED);
    assertThat(api.requests().get(0).line()).isEqualTo("POST /migrations/demo/validate");
    assertThat(r.out())
        .isEqualTo(
            """
            shop.customers -> shop.customers    deep       MISMATCH  source 20,000, target 20,000, compared 20,000, missing 0, extra 0, differing 1  [result 16: 1 listed]  0.3 s  (1 row differs: 1 with different values (columns: email); 1 listed)
            shop.order_tags -> shop.order_tags  deep       MATCH     source 31,953, target 31,953, compared 31,953, missing 0, extra 0, differing 0  0.3 s  (31953 rows equal on both sides)
            shop.orders -> shop.orders          deep       MISMATCH  source 80,000, target 79,999, compared 80,000, missing 1, extra 0, differing 0  [result 18: 1 listed]  0.8 s  (1 row differs: 1 missing from the target; 1 listed)
            shop.products -> shop.products      deep       MATCH     source 5,000, target 5,000, compared 5,000, missing 0, extra 0, differing 0  0.1 s  (5000 rows equal on both sides)
            request 2  deep   all sources  by api at 2026-11-22T22:03:07.358828Z  MISMATCH
            """);
    assertThat(r.err())
        .isEqualTo(
            """
            tributary: deep validation requested: request 2; waiting up to 3600s
            tributary: request 2: waiting for the validator
            tributary: request 2: running 1/4 tables
            """);
  }

  @Test
  void waitTakesOnlyANumberAfterIt() {
    api.on("POST", "/migrations/demo/validate", 202, "{\"requestId\":2,\"mode\":\"deep\"}");
    api.on("GET", "/migrations/demo/validation/requests/2", 200, REQUEST_DONE);
    Run.Result before = cli.run("validate", "--wait", "demo");
    assertThat(before.err())
        .startsWith("tributary: deep validation requested: request 2; waiting up to 3600s\n");
    Run.Result number = cli.run("validate", "--wait", "60", "demo", "--final");
    assertThat(number.err()).contains("waiting up to 60s");
    assertThat(api.last().line()).isEqualTo("GET /migrations/demo/validation/requests/2");
    assertThat(api.requests().get(api.requests().size() - 2).query()).isEqualTo("mode=final");
  }

  @Test
  void validateWithoutWaitPrintsTheRequestIdAndSendsTheScope() {
    api.on(
        "POST",
        "/migrations/demo/validate",
        202,
        "{\"requestId\":7,\"migration\":\"demo\",\"mode\":\"final\",\"source\":\"shop\","
            + "\"table\":\"order tags\",\"status\":\"requested\"}");
    Run.Result r =
        cli.run("validate", "demo", "--final", "--source", "shop", "--table", "order tags");
    assertThat(r.code()).isZero();
    assertThat(api.last().line())
        .isEqualTo("POST /migrations/demo/validate?mode=final&source=shop&table=order%20tags");
    assertThat(r.out()).isEqualTo("7\n");
    assertThat(r.err())
        .isEqualTo(
            "tributary: final validation requested: request 7 (deploy/tributary validation demo)\n");
  }

  @Test
  void validateWaitTimesOutWith124() {
    api.on("POST", "/migrations/demo/validate", 202, "{\"requestId\":3,\"mode\":\"deep\"}");
    api.on(
        "GET",
        "/migrations/demo/validation/requests/3",
        200,
        "{\"id\":3,\"startedAt\":\"2026-11-22T22:03:08Z\",\"doneAt\":null,\"tablesTotal\":null}");
    Run.Result r = cli.run("validate", "demo", "--wait", "3");
    assertThat(r.code()).isEqualTo(ExitCode.TIMED_OUT);
    assertThat(r.err()).endsWith("tributary: request 3 not done after 3s (running 0/? tables)\n");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void differencesPrintsTheRowsAsStored() {
    api.on(
        "GET",
        "/migrations/demo/validation/results/18/differences",
        200,
        """
        {"validationId":18,"total":1,"listedComplete":true,"offset":0,"limit":100,
         "differences":[{"position":1,"kind":"missing","key":{"id":42},"columns":null,
           "sourceValues":{"id":42,"note":null,"quantity":2,"placed_at":"2025-07-15T18:42:42Z",
             "unit_price":258.24,"customer_id":17209,"product_sku":"SKU-002647"},
           "targetValues":null,"detail":null}]}
        """);
    Run.Result r = cli.run("differences", "demo", "18", "--limit", "100");
    assertThat(r.code()).isZero();
    assertThat(api.last().line())
        .isEqualTo("GET /migrations/demo/validation/results/18/differences?limit=100");
    assertThat(r.out())
        .isEqualTo(
            """
            result 18: differences 1-1 of 1 stored (every difference listed)
            #1 missing   {"id":42}  source {"id":42,"note":null,"quantity":2,"placed_at":"2025-07-15T18:42:42Z","unit_price":258.24,"customer_id":17209,"product_sku":"SKU-002647"}  target -
            """);
  }

  @Test
  void validationOverview() {
    api.on(
        "GET",
        "/migrations/demo/validation",
        200,
        "{\"migration\":\"demo\",\"requests\":[],\"tables\":[]}");
    assertThat(cli.run("validation", "demo").out()).isEqualTo("no validation results yet\n");
  }

  private static final String STEPS =
      """
      [{"step":"prepare","durationMs":419,"detail":"finalize ahead of the freeze: 14 steps; probe fences [1] through capture and apply in 226 ms"},
       {"step":"freeze","durationMs":13,"detail":"shop: write lock after 1 ms, read-only triggers on 4 tables"},
       {"step":"fence","durationMs":179,"detail":"fences [2] published"},
       {"step":"drain","durationMs":4,"detail":"fences [2] applied"},
       {"step":"validate","durationMs":1313,"detail":"final validation 1: every table MATCH (4 tables)"},
       {"step":"finalize","durationMs":188,"detail":"14 finalize steps run"},
       {"step":"switch","durationMs":0,"detail":"no switch actions in the plan"}]
      """;

  @Test
  void cutoverWaitFollowsItToItsOutcome() {
    api.on(
        "POST",
        "/migrations/demo/cutover",
        202,
        "{\"migration\":\"demo\",\"command\":\"cutover\",\"state\":\"CUTTING_OVER\",\"cutover\":1,"
            + "\"message\":\"cutover 1 started: follow it with GET /migrations/demo/cutover\"}");
    api.on(
            "GET",
            "/migrations/demo/cutover",
            404,
            "{\"error\":\"migration 'demo' has had no cutover\"}")
        .on(
            "GET",
            "/migrations/demo/cutover",
            200,
            "{\"id\":1,\"step\":\"freeze\",\"outcome\":null}")
        .on(
            "GET",
            "/migrations/demo/cutover",
            200,
            "{\"id\":1,\"migration\":\"demo\",\"outcome\":\"cut_over\",\"writePauseMs\":1733,"
                + "\"steps\":"
                + STEPS
                + "}");
    Run.Result r = cli.run("cutover", "demo", "--reason", "go live", "--wait");
    assertThat(r.code()).isZero();
    assertThat(api.requests().get(0).body()).isEqualTo("{\"reason\":\"go live\"}");
    assertThat(api.requests().get(0).query()).isNull();
    assertThat(r.out())
        .isEqualTo(
            """
            demo: CUTTING_OVER (cutover 1): cutover 1 started: follow it with GET /migrations/demo/cutover
              prepare         419 ms  finalize ahead of the freeze: 14 steps; probe fences [1] through capture and apply in 226 ms
              freeze           13 ms  shop: write lock after 1 ms, read-only triggers on 4 tables
              fence           179 ms  fences [2] published
              drain             4 ms  fences [2] applied
              validate      1,313 ms  final validation 1: every table MATCH (4 tables)
              finalize        188 ms  14 finalize steps run
              switch            0 ms  no switch actions in the plan
            write pause: 1,733 ms
            """);
    assertThat(r.err())
        .isEqualTo(
            """
            tributary: following the cutover of demo (up to 600s)
            tributary: cutover of demo: starting
            tributary: cutover of demo: in progress (step freeze)
            """);
  }

  @Test
  void cutoverRolledBackIsExit1AndAnOlderOutcomeIsNotTakenForIt() {
    api.on(
        "POST",
        "/migrations/demo/cutover",
        202,
        "{\"migration\":\"demo\",\"state\":\"CUTTING_OVER\",\"cutover\":2}");
    api.on("GET", "/migrations/demo/cutover", 200, "{\"id\":1,\"outcome\":\"cut_over\"}")
        .on(
            "GET",
            "/migrations/demo/cutover",
            200,
            "{\"id\":2,\"outcome\":\"rolled_back\",\"detail\":\"the final gate found 1 table"
                + " MISMATCH\",\"writePauseMs\":812,\"steps\":[]}");
    Run.Result r = cli.run("cutover", "demo", "--full", "--accept-rejects", "--wait");
    assertThat(r.code()).isEqualTo(ExitCode.FAILED);
    assertThat(api.requests().get(0).query()).isEqualTo("full=true&acceptRejects=true");
    assertThat(r.out())
        .endsWith("write pause: 812 ms\nrolled_back: the final gate found 1 table MISMATCH\n");
  }

  @Test
  void cutoverWaitTimesOutWith124() {
    api.on("POST", "/migrations/demo/cutover", 202, "{\"migration\":\"demo\",\"cutover\":3}");
    api.on("GET", "/migrations/demo/cutover", 200, "{\"id\":3,\"step\":\"validate\"}");
    Run.Result r = cli.run("cutover", "demo", "--wait", "--timeout", "2");
    assertThat(r.code()).isEqualTo(ExitCode.TIMED_OUT);
    assertThat(r.err())
        .endsWith(
            "tributary: the cutover of demo is not done after 2s (in progress (step validate);"
                + " deploy/tributary cutover-status demo)\n");
  }

  @Test
  void cutoverCheckNotReadyIsExit3() {
    api.on(
        "POST",
        "/migrations/demo/cutover",
        200,
        """
        {"migration":"demo","ready":false,"durationMs":812,"checks":[
          {"check":"state","subject":null,"ok":true,"detail":"REPLICATING"},
          {"check":"freeze","subject":"shop","ok":false,"detail":"no write access to shop.db"}]}
        """);
    Run.Result r = cli.run("cutover", "demo", "--check", "--accept-rejects");
    assertThat(r.code()).isEqualTo(ExitCode.NOT_READY);
    assertThat(api.last().query()).isEqualTo("acceptRejects=true&check=true");
    assertThat(api.last().body()).isEqualTo("{}");
    assertThat(r.out())
        .isEqualTo(
            """
              ok   state: REPLICATING
              FAIL freeze shop: no write access to shop.db
            demo: NOT ready (812 ms; nothing was frozen)
            """);
  }

  @Test
  void cutoverStatus() {
    api.on(
        "GET",
        "/migrations/demo/cutover",
        200,
        "{\"id\":1,\"migration\":\"demo\",\"requestedBy\":\"operator\",\"reason\":\"go live\","
            + "\"requestedAt\":\"2026-11-22T22:10:00Z\",\"step\":\"switch\",\"outcome\":\"cut_over\","
            + "\"frozenAt\":\"2026-11-22T22:10:01Z\",\"switchedAt\":\"2026-11-22T22:10:03Z\","
            + "\"writePauseMs\":1733,\"finishedAt\":\"2026-11-22T22:10:03Z\",\"detail\":null,"
            + "\"steps\":[{\"step\":\"switch\",\"durationMs\":0,\"detail\":null}]}");
    assertThat(cli.run("cutover-status", "demo").out())
        .isEqualTo(
            """
            cutover 1 of demo: cut_over
              requested by operator at 2026-11-22T22:10:00Z: go live
              frozen    2026-11-22T22:10:01Z
              switched  2026-11-22T22:10:03Z
              finished  2026-11-22T22:10:03Z
              write pause: 1,733 ms
            steps:
              switch          0 ms
            """);
  }

  @Test
  void rollbackPauseResumeSendTheReason() {
    for (String command : new String[] {"rollback", "pause", "resume"}) {
      api.on(
          "POST",
          "/migrations/demo/" + command,
          command.equals("rollback") ? 202 : 200,
          "{\"migration\":\"demo\",\"command\":\""
              + command
              + "\",\"state\":\"REPLICATING\",\"cutover\":null,\"message\":\"done\"}");
    }
    assertThat(cli.run("rollback", "demo", "--reason", "not today").out())
        .isEqualTo("demo: REPLICATING: done\n");
    assertThat(api.last().body()).isEqualTo("{\"reason\":\"not today\"}");
    assertThat(cli.run("pause", "demo").code()).isZero();
    assertThat(api.last().body()).isEqualTo("{\"reason\":null}");
    assertThat(cli.run("resume", "demo").code()).isZero();
    assertThat(api.last().line()).isEqualTo("POST /migrations/demo/resume");
  }

  @Test
  void eventsAsLines() {
    api.on(
        "GET",
        "/migrations/demo/events",
        200,
        """
        [{"at":"2026-11-22T22:00:00.1Z","from":null,"to":"PLANNED","actor":"operator","reason":"submitted"},
         {"at":"2026-11-22T22:10:01Z","from":"CUTTING_OVER","to":"CUTTING_OVER","actor":"operator",
          "step":"freeze","durationMs":13,"cutover":1,"reason":"shop: write lock after 1 ms"}]
        """);
    assertThat(cli.run("events", "demo").out())
        .isEqualTo(
            """
            2026-11-22T22:00:00.1Z  - -> PLANNED  operator  submitted
            2026-11-22T22:10:01Z  CUTTING_OVER -> CUTTING_OVER  operator  [freeze 13 ms]  cutover 1  shop: write lock after 1 ms
            """);
  }

  @Test
  void finalizeIsExit1WhenAStepFailed() {
    String real = Docs.resource("finalize.json");
    api.on("POST", "/migrations/demo/finalize", 200, real);
    Run.Result ok = cli.run("finalize", "demo", "--foreign-keys");
    assertThat(ok.code()).isZero();
    assertThat(api.last().line()).isEqualTo("POST /migrations/demo/finalize?foreignKeys=true");
    assertThat(ok.out())
        .contains(
            " 1  done   INDEX        \"bench_load_20261125205004\".\"embeddings\"   19  CREATE"
                + " INDEX IF NOT EXISTS \"embeddings_task_id_idx\"")
        .endsWith("\n12 steps: 12 done\n");

    api.on(
        "GET",
        "/migrations/demo/finalize",
        200,
        "[{\"position\":1,\"kind\":\"FOREIGN_KEY\",\"table\":\"shop.orders\",\"statement\":\"ALTER"
            + " TABLE shop.orders ADD FOREIGN KEY\",\"state\":\"failed\",\"detail\":\"violates"
            + " foreign key\",\"durationMs\":3,\"doneAt\":null}]");
    Run.Result status = cli.run("finalize-status", "demo");
    assertThat(status.code()).isZero(); // reading is not running
    assertThat(status.out())
        .contains("  #1 failed: violates foreign key")
        .endsWith("1 step: 1 failed\n");

    api.on("POST", "/migrations/demo2/finalize", 200, "[{\"position\":1,\"state\":\"failed\"}]");
    assertThat(cli.run("finalize", "demo2").code()).isEqualTo(ExitCode.FAILED);
  }

  @Test
  void replayAndReplays() {
    api.on(
        "POST",
        "/migrations/demo/rejects/replay",
        202,
        "[{\"id\":4,\"source\":\"shop\",\"table\":\"orders\",\"requestedAt\":\"2026-11-22T22:00:00Z\"}]");
    Run.Result r = cli.run("replay", "demo", "orders");
    assertThat(r.out()).isEqualTo("replay 4 requested: source shop, table orders\n");
    assertThat(api.last().line()).isEqualTo("POST /migrations/demo/rejects/replay?table=orders");

    api.on(
        "GET",
        "/migrations/demo/rejects/replays",
        200,
        "[{\"id\":4,\"source\":\"shop\",\"table\":\"orders\",\"requestedAt\":\"2026-11-22T22:00:00.5Z\","
            + "\"doneAt\":\"2026-11-22T22:00:02Z\",\"replayedRows\":1200,\"skippedRows\":0,"
            + "\"error\":null},{\"id\":5,\"source\":\"shop\",\"table\":null,"
            + "\"requestedAt\":\"2026-11-22T22:05:00Z\",\"doneAt\":null}]");
    assertThat(cli.run("replays", "demo").out())
        .isEqualTo(
            """
            replay  source  table   requested             outcome
            ------  ------  ------  --------------------  ----------------------------------------
                 4  shop    orders  2026-11-22T22:00:00Z  done 2026-11-22T22:00:02Z: 1,200 replayed, 0 skipped
                 5  shop    (all)   2026-11-22T22:05:00Z  waiting for cdc-service
            """);
  }

  @Test
  void invalidPatchesTheColumn() {
    api.on(
        "PATCH",
        "/migrations/demo/tables/agents/columns/capabilities",
        200,
        "{\"column\":\"capabilities\",\"invalid\":\"null\"}");
    Run.Result r = cli.run("invalid", "demo", "agents", "capabilities", "null");
    assertThat(r.code()).isZero();
    assertThat(api.last().body()).isEqualTo("{\"invalid\":\"null\"}");
    assertThat(api.last().header("Content-Type")).isEqualTo("application/json");
    assertThat(r.out()).isEqualTo("agents.capabilities: invalid values: null (from now on)\n");
  }

  @Test
  void listAsATable() {
    api.on(
        "GET",
        "/migrations",
        200,
        "[{\"id\":\"demo\",\"state\":\"REPLICATING\",\"createdAt\":\"2026-11-22T22:00:00.123Z\","
            + "\"updatedAt\":\"2026-11-22T22:01:00Z\"}]");
    assertThat(cli.run("list").out())
        .isEqualTo(
            """
            migration  state        created               updated
            ---------  -----------  --------------------  --------------------
            demo       REPLICATING  2026-11-22T22:00:00Z  2026-11-22T22:01:00Z
            """);
    api.on("GET", "/migrations", 200, "[]");
  }
}
