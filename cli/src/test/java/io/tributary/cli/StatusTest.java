package io.tributary.cli;

import static io.tributary.cli.Docs.migration;
import static io.tributary.cli.Docs.source;
import static io.tributary.cli.Docs.sqliteSource;
import static io.tributary.cli.Docs.table;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** status as a table; --watch with rows/s and ETA from successive samples. */
class StatusTest {
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

  private static final ObjectNode[] SOURCES = {
    sqliteSource("shop", "shop"), source("crm", "postgres", "crm", 1_572_864L, 50_331_648L, null, 0)
  };

  /** The demo while it loads: orders and contacts by COPY, customers done. */
  private static String loading(String state, long ordersApplied, long contactsApplied) {
    return migration(
        "demo",
        state,
        "reading the sources' snapshots",
        SOURCES,
        table("shop", "customers", true, 20_000L, 20_000L, 20_000L, 20_001L, 0L, 0, "MATCH"),
        table("shop", "orders", false, null, 80_000L, 12_000L, ordersApplied, 5_210L, 3, "PENDING"),
        table("crm", "contacts", false, null, null, null, contactsApplied, 480L, 0, null));
  }

  @Test
  void aRealAnswerAsATable() {
    api.on(
        "GET",
        "/migrations/bench-load-20261125205004",
        200,
        Docs.resource("status-replicating.json"));
    Run.Result r = cli.run("status", "bench-load-20261125205004");
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .isEqualTo(
            """
            migration bench-load-20261125205004: REPLICATING
              every table's snapshot is captured
              created 2026-11-25T20:50:23Z, updated 2026-11-25T20:50:43Z

            table             source rows  target rows  loaded  rows/s  ETA  apply lag  rejects  validation
            ----------------  -----------  -----------  ------  ------  ---  ---------  -------  ----------
            bench.agents            2,000        2,000    100%       -    -          0        0  MATCH
            bench.embeddings        4,000        4,000    100%       -    -          0        0  MATCH
            bench.tasks            40,000       40,000    100%       -    -          0        0  MATCH

            source  kind    target schema              capture    slot lag  WAL held
            ------  ------  -------------------------  ---------  --------  --------
            bench   sqlite  bench_load_20261125205004  capturing         -         -
            """);
    assertThat(r.err()).isEmpty();
    assertThat(api.last().line()).isEqualTo("GET /migrations/bench-load-20261125205004");
  }

  @Test
  void aRealPostgresMigrationCutOver() {
    api.on(
        "GET",
        "/migrations/bench-cdc-postgres-20261125210003",
        200,
        Docs.resource("status-postgres-cut-over.json"));
    Run.Result r = cli.run("status", "bench-cdc-postgres-20261125210003");
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .isEqualTo(
            """
            migration bench-cdc-postgres-20261125210003: CUT_OVER
              cutover 32 switched the applications to the target (write pause 426 ms); after the switch, foreign keys validated and statistics gathered in 260 ms
              created 2026-11-25T21:00:40Z, updated 2026-11-25T21:01:12Z

            table           source rows  target rows  loaded  rows/s  ETA  apply lag  rejects  validation
            --------------  -----------  -----------  ------  ------  ---  ---------  -------  -------------
            app.cdc_events      105,912      105,912    100%       -    -          -        0  MATCH (final)

            source  kind      target schema                      capture         slot lag  WAL held
            ------  --------  ---------------------------------  -------------  ---------  --------
            app     postgres  bench_cdc_postgres_20261125210003  not capturing  233.3 KiB  64.1 MiB
            """);
    assertThat(r.err()).isEmpty();
  }

  @Test
  void withoutWatchNoRateAndAHint() {
    api.on("GET", "/migrations/demo", 200, loading("SNAPSHOTTING", 20_000, 1_000));
    Run.Result r = cli.run("status", "demo");
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains("shop.customers       20,000       20,000    100%       -    -")
        .contains("shop.orders          80,000       12,000   25.0%       -    -")
        .contains("crm.contacts              -            -       -       -    -")
        .contains("crm     postgres  crm            capturing   1.5 MiB  48.0 MiB");
    assertThat(r.err())
        .isEqualTo(
            "tributary: rows/s and ETA need two samples: deploy/tributary status demo --watch\n");
  }

  @Test
  void watchComputesRateAndEtaFromTwoSamplesAndEndsWithTheMigration() {
    api.on("GET", "/migrations/demo", 200, loading("SNAPSHOTTING", 20_000, 1_000))
        .on("GET", "/migrations/demo", 200, loading("SNAPSHOTTING", 28_000, 1_500))
        .on("GET", "/migrations/demo", 200, loading("CUT_OVER", 28_000, 1_500));
    Run.Result r = cli.run("status", "demo", "--watch");
    assertThat(r.code()).isZero();
    assertThat(cli.ticker.sleeps).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2));
    String[] frames = r.out().split("\n\n(?=every )");
    assertThat(frames).hasSize(3);
    assertThat(frames[0])
        .startsWith("every 2 s, 21:00:00 (Ctrl-C to stop)\nmigration demo: SNAPSHOTTING\n")
        .contains("shop.orders          80,000       12,000   25.0%       -    -");
    // 8,000 rows applied in 2 s: 4,000 rows/s; 52,000 rows left: 13 s.
    assertThat(frames[1])
        .startsWith("every 2 s, 21:00:02 (Ctrl-C to stop)\n")
        .isEqualTo(
            """
            every 2 s, 21:00:02 (Ctrl-C to stop)
            migration demo: SNAPSHOTTING
              reading the sources' snapshots
              created 2026-11-25T20:50:23Z, updated 2026-11-25T20:50:43Z

            table           source rows  target rows  loaded  rows/s  ETA  apply lag  rejects  validation
            --------------  -----------  -----------  ------  ------  ---  ---------  -------  ----------
            shop.customers       20,000       20,000    100%       0    -          0        0  MATCH
            shop.orders          80,000       12,000   35.0%   4,000  13s      5,210        3  PENDING
            crm.contacts              -            -       -     250    -        480        0  -

            source  kind      target schema  capture    slot lag  WAL held
            ------  --------  -------------  ---------  --------  --------
            shop    sqlite    shop           capturing         -         -
            crm     postgres  crm            capturing   1.5 MiB  48.0 MiB""");
    assertThat(frames[2]).contains("migration demo: CUT_OVER").contains("not capturing");
    assertThat(r.err()).isEqualTo("tributary: demo is CUT_OVER: nothing more to watch\n");
    assertThat(api.requests()).hasSize(3);
  }

  @Test
  void watchEndingFailedIsExit1AndShowsWhy() {
    ObjectNode[] failing = {
      source("crm", "postgres", "crm", null, null, "connection refused by 10.0.0.5:5432", 3)
    };
    String failed =
        migration(
            "demo",
            "FAILED",
            "capture of source 'crm' is failing",
            failing,
            table("crm", "contacts", false, null, 9_000L, 4_000L, 4_100L, null, 0, "PENDING"));
    api.on("GET", "/migrations/demo", 200, failed);
    Run.Result r = cli.run("status", "demo", "--watch", "--interval", "0.5");
    assertThat(r.code()).isEqualTo(ExitCode.FAILED);
    assertThat(r.out())
        .contains("crm     postgres  crm            FAILING (3 attempts)")
        .contains(
            "capture errors:\n  crm: capture failing since 2026-11-25T20:59:30Z: connection"
                + " refused by 10.0.0.5:5432")
        .contains("every 0.5 s,");
    assertThat(r.err()).isEqualTo("tributary: demo is FAILED: nothing more to watch\n");
  }

  @Test
  void rateFromTargetRowsWhenTheApiHasNoAppliedRecords() {
    RateTracker rates = new RateTracker();
    String key = "shop\u0000orders";
    var at = cli.ticker.now();
    assertThat(
            rates.update(
                Json.parseOrNull(
                    migration(
                        "demo",
                        "SNAPSHOTTING",
                        null,
                        SOURCES,
                        table("shop", "orders", false, null, 80_000L, 10_000L, null, 0L, 0, null))),
                at))
        .isEmpty();
    var second =
        rates.update(
            Json.parseOrNull(
                migration(
                    "demo",
                    "SNAPSHOTTING",
                    null,
                    SOURCES,
                    table("shop", "orders", false, null, 80_000L, 15_000L, null, 0L, 0, null))),
            at.plusSeconds(5));
    assertThat(second).containsEntry(key, 1_000.0);
    // Smoothed: 0.6 of the previous rate, 0.4 of the new one (3,000 rows/s).
    var third =
        rates.update(
            Json.parseOrNull(
                migration(
                    "demo",
                    "SNAPSHOTTING",
                    null,
                    SOURCES,
                    table("shop", "orders", false, null, 80_000L, 30_000L, null, 0L, 0, null))),
            at.plusSeconds(10));
    assertThat(third.get(key)).isEqualTo(1_800.0);
    // The table read again (resync): its count went down, the rate starts over.
    var reset =
        rates.update(
            Json.parseOrNull(
                migration(
                    "demo",
                    "REPLICATING",
                    null,
                    SOURCES,
                    table("shop", "orders", false, null, 80_000L, 0L, null, 0L, 0, null))),
            at.plusSeconds(12));
    assertThat(reset).doesNotContainKey(key);
  }

  @Test
  void progressRules() {
    var done =
        Json.parseOrNull(
            Json.compact(table("s", "t", true, 500L, null, null, null, null, 0, null)));
    assertThat(StatusView.progress(done, 10.0).percent()).isEqualTo(100.0);
    assertThat(StatusView.progress(done, 10.0).total()).isEqualTo(500L);
    assertThat(StatusView.progress(done, 10.0).etaSeconds()).isNull();
    // Still loading with every row counted: 99.9 %, not 100 %, until the snapshot is done.
    var nearly =
        Json.parseOrNull(
            Json.compact(table("s", "t", false, null, 1_000L, 1_000L, 1_002L, 0L, 0, null)));
    assertThat(StatusView.progress(nearly, 5.0).percent()).isEqualTo(99.9);
    assertThat(StatusView.progress(nearly, 5.0).etaSeconds()).isEqualTo(0.0);
    // Read again (resync): apply's records count the first read too; the target rows say more.
    var again =
        Json.parseOrNull(
            Json.compact(table("s", "t", false, null, 1_000L, 250L, 1_600L, 0L, 0, null)));
    assertThat(StatusView.progress(again, 50.0).percent()).isEqualTo(25.0);
    assertThat(StatusView.progress(again, 50.0).etaSeconds()).isEqualTo(15.0);
  }
}
