package io.tributary.cli;

import static io.tributary.cli.Docs.migration;
import static io.tributary.cli.Docs.sqliteSource;
import static io.tributary.cli.Docs.table;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** plan: submit, dry run, and --wait until REPLICATING, FAILED or the timeout. */
class PlanTest {
  private static final String ID = "bench-load-20261125205004";
  private static final String PLAN =
      """
      migration: bench-load-20261125205004
      sources:
        - name: bench
          kind: sqlite
          path: tributary.db
          schema: bench_load_20261125205004
      """;
  private static final ObjectNode[] SOURCES = {sqliteSource("bench", "bench")};

  @TempDir Path dir;
  private FakeApi api;
  private Run cli;
  private Path plan;

  @BeforeEach
  void start() throws IOException {
    api = new FakeApi();
    cli = Run.against(api, "s3cret-Token");
    plan = dir.resolve("load.yaml");
    Files.writeString(plan, PLAN);
  }

  private void created() {
    api.on("POST", "/migrations", 201, Docs.resource("plan-created.json"));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private static String state(String state, String reason, boolean... done) {
    ObjectNode[] tables = new ObjectNode[done.length];
    for (int i = 0; i < done.length; i++) {
      tables[i] = table("bench", "t" + i, done[i], null, null, null, null, 0L, 0, null);
    }
    return migration(ID, state, reason, SOURCES, tables);
  }

  @Test
  void submitsThePlanFileAsYamlWithTheToken() {
    created();
    Run.Result r = cli.run("plan", plan.toString());
    assertThat(r.code()).isZero();
    FakeApi.Request post = api.last();
    assertThat(post.line()).isEqualTo("POST /migrations");
    assertThat(post.header("Content-Type")).isEqualTo("application/yaml");
    assertThat(post.header("Authorization")).isEqualTo("Bearer s3cret-Token");
    assertThat(post.body()).isEqualTo(PLAN);
    assertThat(r.out())
        .startsWith(
            ID
                + ": SNAPSHOTTING\n"
                + "  note: bench: agents.id: every value is a UUID, migrated as uuid\n");
    assertThat(r.err())
        .isEqualTo("tributary: follow it with: deploy/tributary status " + ID + " --watch\n");
  }

  @Test
  void dryRunPrintsTheDdlAsAScript() {
    api.on(
        "POST",
        "/migrations",
        200,
        """
        {"migration":"demo","statements":["CREATE SCHEMA IF NOT EXISTS \\"shop\\"",
         "CREATE TABLE \\"shop\\".\\"orders\\" (\\"id\\" bigint NOT NULL);"],
         "notes":["shop: orders.placed_at: every value is an ISO-8601 timestamp, migrated as timestamptz"],
         "keyStatements":["ALTER TABLE \\"shop\\".\\"orders\\" ADD PRIMARY KEY (\\"id\\")"],
         "finalizeStatements":[]}
        """);
    Run.Result r = cli.run("plan", "--dry-run", plan.toString());
    assertThat(r.code()).isZero();
    assertThat(api.last().line()).isEqualTo("POST /migrations?dryRun=true");
    assertThat(r.out())
        .isEqualTo(
            """
            -- demo: what submitting this plan would do (nothing was created)

            -- notes:
            --   shop: orders.placed_at: every value is an ISO-8601 timestamp, migrated as timestamptz

            -- provisioning, in one transaction:
            CREATE SCHEMA IF NOT EXISTS "shop";
            CREATE TABLE "shop"."orders" ("id" bigint NOT NULL);

            -- keys apply builds once each table's snapshot is in (COPY):
            ALTER TABLE "shop"."orders" ADD PRIMARY KEY ("id");
            """);
  }

  @Test
  void waitFollowsTheStatesUntilReplicating() {
    created();
    api.on("GET", "/migrations/" + ID, 200, state("SNAPSHOTTING", "started", false, false))
        .on("GET", "/migrations/" + ID, 200, state("SNAPSHOTTING", "started", true, false))
        .on("GET", "/migrations/" + ID, 200, state("SNAPSHOTTING", "started", true, false))
        .on(
            "GET",
            "/migrations/" + ID,
            200,
            state("REPLICATING", "every table's snapshot is captured", true, true));
    Run.Result r = cli.run("plan", plan.toString(), "--wait");
    assertThat(r.code()).isEqualTo(ExitCode.OK);
    assertThat(r.out()).endsWith("\n" + ID + ": REPLICATING\n");
    assertThat(r.err())
        .isEqualTo(
            "tributary: waiting up to 3600s for "
                + ID
                + " to reach REPLICATING\n"
                + "tributary: "
                + ID
                + ": SNAPSHOTTING (0/2 tables snapshotted): started\n"
                + "tributary: "
                + ID
                + ": SNAPSHOTTING (1/2 tables snapshotted): started\n"
                + "tributary: "
                + ID
                + ": REPLICATING: every table's snapshot is captured\n");
    assertThat(cli.ticker.sleeps).hasSize(3).allMatch(d -> d.equals(Duration.ofSeconds(2)));
    assertThat(api.requests())
        .extracting(FakeApi.Request::method)
        .containsExactly("POST", "GET", "GET", "GET", "GET");
  }

  @Test
  void waitTimesOutWith124() {
    created();
    api.on("GET", "/migrations/" + ID, 200, state("SNAPSHOTTING", "started", true, false));
    Run.Result r = cli.run("plan", plan.toString(), "--wait", "--timeout", "5");
    assertThat(r.code()).isEqualTo(ExitCode.TIMED_OUT);
    assertThat(r.err())
        .endsWith(
            "tributary: "
                + ID
                + " is not REPLICATING after 5s (SNAPSHOTTING (1/2 tables snapshotted); it goes on:"
                + " deploy/tributary status "
                + ID
                + " --watch)\n");
    // Asked at 0, 2, 4 and 6 s: the last answer came after the deadline.
    assertThat(api.requests()).hasSize(5);
  }

  @Test
  void waitEndingFailedIsExit1WithTheReason() {
    created();
    api.on(
        "GET",
        "/migrations/" + ID,
        200,
        state("FAILED", "provisioning: the target refused it", false));
    Run.Result r = cli.run("plan", plan.toString(), "--wait");
    assertThat(r.code()).isEqualTo(ExitCode.FAILED);
    assertThat(r.out()).endsWith(ID + ": FAILED: provisioning: the target refused it\n");
  }

  @Test
  void waitWithJsonPrintsTheLastAnswerOnly() {
    created();
    String replicating = state("REPLICATING", "every table's snapshot is captured", true);
    api.on("GET", "/migrations/" + ID, 200, replicating);
    Run.Result r = cli.run("plan", plan.toString(), "--wait", "--json");
    assertThat(r.code()).isZero();
    assertThat(Json.parseOrNull(r.out())).isEqualTo(Json.parseOrNull(replicating));
  }

  @Test
  void anExistingIdIsRefusedWithExit2() {
    api.on(
        "POST",
        "/migrations",
        409,
        "{\"error\":\"migration '"
            + ID
            + "' exists\",\"id\":\""
            + ID
            + "\",\"state\":\"REPLICATING\"}");
    Run.Result r = cli.run("plan", plan.toString(), "--wait");
    assertThat(r.code()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).isEqualTo("tributary: refused: migration '" + ID + "' exists\n");
  }
}
