package io.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** abandon (DELETE /migrations/{id}) and resync (POST .../tables/{table}/resync). */
class AbandonResyncTest {
  private static final String DONE =
      """
      {"id":"demo","state":"ABANDONED","dropTarget":true,
       "sources":[{"name":"shop","kind":"sqlite","captureRemovedAt":"2026-11-25T21:00:03.204518Z"},
                  {"name":"crm","kind":"postgres","captureRemovedAt":"2026-11-25T21:00:04.1Z"}],
       "topics":["tributary.demo.shop.main.orders","tributary.demo.crm.public.contacts"],
       "targetSchemas":["shop","crm"],"targetSchemasLeft":[],"cleanedUp":true,"waitingFor":null}
      """;
  private static final String WAITING =
      """
      {"id":"demo","state":"ABANDONED","dropTarget":false,
       "sources":[{"name":"shop","kind":"sqlite","captureRemovedAt":"2026-11-25T21:00:03.204518Z"},
                  {"name":"crm","kind":"postgres","captureRemovedAt":null}],
       "topics":["tributary.demo.shop.main.orders","tributary.demo.crm.public.contacts"],
       "targetSchemas":["shop","crm"],"targetSchemasLeft":["shop","crm"],"cleanedUp":false,
       "waitingFor":"cdc-service to remove the change capture of source 'crm' (source unreachable)"}
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
  void abandonDroppingTheTargetCleanedUp() {
    api.on("DELETE", "/migrations/demo", 200, DONE);
    Run.Result r = cli.run("abandon", "demo", "--drop-target", "--reason", "wrong plan & redo");
    assertThat(r.code()).isZero();
    FakeApi.Request delete = api.last();
    assertThat(delete.method()).isEqualTo("DELETE");
    assertThat(delete.path()).isEqualTo("/migrations/demo");
    assertThat(delete.query()).isEqualTo("dropTarget=true&reason=wrong%20plan%20%26%20redo");
    assertThat(delete.header("Authorization")).isEqualTo("Bearer tok");
    assertThat(delete.body()).isEmpty();
    assertThat(r.out())
        .isEqualTo(
            """
            demo: ABANDONED, cleaned up (the id may be used again)

            source  kind      change capture
            ------  --------  -------------------------------
            shop    sqlite    removed at 2026-11-25T21:00:03Z
            crm     postgres  removed at 2026-11-25T21:00:04Z

            topics (2, deleted):
              tributary.demo.shop.main.orders
              tributary.demo.crm.public.contacts
            target schemas dropped: shop, crm
            """);
    assertThat(r.err()).isEmpty();
  }

  @Test
  void abandonStillCleaningIs202AndSaysWhatItWaitsFor() {
    api.on("DELETE", "/migrations/demo", 202, WAITING);
    Run.Result r = cli.run("abandon", "demo");
    assertThat(r.code()).isZero();
    assertThat(api.last().query()).isNull();
    assertThat(r.out())
        .startsWith(
            "demo: ABANDONED; the cleanup goes on, waiting for: cdc-service to remove the change"
                + " capture of source 'crm' (source unreachable)\n")
        .contains("crm     postgres  not removed yet")
        .contains("topics (2, deleted once the cleanup is done):")
        .endsWith("target schemas kept (no --drop-target): shop, crm\n");
    assertThat(r.err())
        .isEqualTo(
            "tributary: the orchestrator finishes the cleanup; follow it with: deploy/tributary"
                + " abandon-status demo\n");
  }

  @Test
  void abandonStatusReadsTheSameReport() {
    api.on("GET", "/migrations/demo/abandon", 200, WAITING);
    Run.Result r = cli.run("abandon-status", "demo");
    assertThat(r.code()).isZero();
    assertThat(api.last().line()).isEqualTo("GET /migrations/demo/abandon");
    assertThat(r.out()).startsWith("demo: ABANDONED; the cleanup goes on");
  }

  @Test
  void abandonStatusOfAMigrationNotAbandoned() {
    // A real answer: the report of a migration cut over (its capture removed at the cutover's
    // end; the time in PostgreSQL's text form).
    api.on(
        "GET",
        "/migrations/bench-load-20261125205004/abandon",
        200,
        Docs.resource("abandon-status-cut-over.json"));
    Run.Result r = cli.run("abandon-status", "bench-load-20261125205004");
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .isEqualTo(
            """
            bench-load-20261125205004: CUT_OVER (not abandoned)

            source  kind    change capture
            ------  ------  -------------------------------
            bench   sqlite  removed at 2026-11-25T23:57:30Z

            topics (3):
              tributary.bench-load-20261125205004.bench.main.agents
              tributary.bench-load-20261125205004.bench.main.embeddings
              tributary.bench-load-20261125205004.bench.main.tasks
            target schemas: bench_load_20261125205004
            """);
  }

  @Test
  void abandonWhileCuttingOverIsRefusedWithExit2() {
    api.on(
        "DELETE",
        "/migrations/demo",
        409,
        "{\"error\":\"migration 'demo' is CUTTING_OVER: roll the cutover back first\","
            + "\"id\":\"demo\",\"state\":\"CUTTING_OVER\"}");
    Run.Result r = cli.run("abandon", "demo");
    assertThat(r.code()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err())
        .isEqualTo(
            "tributary: refused: migration 'demo' is CUTTING_OVER: roll the cutover back first\n");
  }

  @Test
  void resyncOneTable() {
    api.on(
        "POST",
        "/migrations/demo/tables/public.contacts/resync",
        202,
        "{\"migration\":\"demo\",\"source\":\"crm\",\"table\":\"public.contacts\","
            + "\"target\":\"crm.contacts\",\"requestedAt\":\"2026-11-25T21:05:00.5Z\"}");
    Run.Result r = cli.run("resync", "demo", "public.contacts", "--source", "crm");
    assertThat(r.code()).isZero();
    FakeApi.Request post = api.last();
    assertThat(post.line())
        .isEqualTo("POST /migrations/demo/tables/public.contacts/resync?source=crm");
    assertThat(post.header("Authorization")).isEqualTo("Bearer tok");
    assertThat(r.out())
        .isEqualTo(
            "demo: resync of crm.public.contacts into crm.contacts requested at"
                + " 2026-11-25T21:05:00Z\n");
    assertThat(r.err()).contains("follow it with: deploy/tributary status demo --watch");
  }

  @Test
  void resyncEncodesTheTableInThePath() {
    api.on(
        "POST", "/migrations/demo/tables/odd%20name%2Fx/resync", 202, "{\"migration\":\"demo\"}");
    assertThat(cli.run("resync", "demo", "odd name/x").code()).isZero();
    assertThat(api.last().query()).isNull();
  }

  @Test
  void resyncRefusals() {
    api.on(
        "POST",
        "/migrations/demo/tables/notes/resync",
        400,
        "{\"error\":\"migration 'demo' has tables named 'notes' in sources a, b: give ?source=\"}");
    Run.Result ambiguous = cli.run("resync", "demo", "notes");
    assertThat(ambiguous.code()).isEqualTo(ExitCode.FAILED);
    assertThat(ambiguous.err())
        .isEqualTo(
            "tributary: POST /migrations/demo/tables/notes/resync answered 400: migration 'demo'"
                + " has tables named 'notes' in sources a, b: give ?source=\n");

    api.on(
        "POST",
        "/migrations/demo/tables/contacts/resync",
        409,
        "{\"error\":\"resync of PostgreSQL sources is not supported yet\",\"id\":\"demo\","
            + "\"state\":\"REPLICATING\"}");
    Run.Result postgres = cli.run("resync", "demo", "contacts");
    assertThat(postgres.code()).isEqualTo(ExitCode.USAGE);
    assertThat(postgres.err())
        .isEqualTo("tributary: refused: resync of PostgreSQL sources is not supported yet\n");

    Run.Result unknown = cli.run("resync", "nope", "contacts");
    assertThat(unknown.code()).isEqualTo(ExitCode.FAILED); // the fake's 404
  }
}
