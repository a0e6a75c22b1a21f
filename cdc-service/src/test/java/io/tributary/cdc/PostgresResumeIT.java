package io.tributary.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.common.catalog.TableDef;
import io.tributary.source.postgres.capture.PostgresCaptureNames;
import io.tributary.testing.LocalPostgres;
import io.tributary.testing.PostgresEndpoint;
import io.tributary.testing.TestInfrastructure;
import io.tributary.testing.TributaryInfraExtension;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;

/**
 * A PostgreSQL capture that stops at a named moment and starts again (a pause and resume, a crash,
 * a lease handed over all restart the engine from its stored offsets) delivers every change made
 * before and after the stop. Each test stops cdc-service with a fault point (halted as SIGKILL
 * would, at {@code capture.before-row}) right after the engine stored the one offset from which
 * Debezium 3.4's resume search skips changes, and checks that the change it would skip arrives:
 *
 * <ul>
 *   <li>rows of one {@code COPY} page share one LSN; the stop comes with part of a page stored;
 *   <li>a non-transactional logical decoding message (another tool's heartbeat, say) is stored
 *       last, and the next transaction starts at its LSN.
 * </ul>
 *
 * The source has a server of its own, where nothing writes but the test: the WAL holds exactly the
 * records each test writes. One change event per batch ({@code postgres-batch-size=1}) stores the
 * offset of every record before the next is published.
 */
@ExtendWith(TributaryInfraExtension.class)
class PostgresResumeIT {
  private static final Duration LONG = Duration.ofMinutes(3);
  private static LocalPostgres sourceServer;

  @BeforeAll
  static void startSourceServer() {
    sourceServer = LocalPostgres.start();
  }

  @Test
  @DisplayName("COPY rows sharing one LSN: stopped with part of a page stored, every row arrives")
  void rowsOfOneCopyPage(TestInfrastructure infra) throws Exception {
    Source source = new Source(infra, "resume_copy");
    source.execute("CREATE TABLE pages (id integer PRIMARY KEY, v text NOT NULL)");
    source.execute("INSERT INTO pages SELECT g, 'row ' || g FROM generate_series(1, 10) g");
    TableDef pages = source.record("resume-copy").get(0);

    try (CdcProcess first = source.cdc(Map.of())) {
      first.start();
      awaitCount(source.jdbcUrl, pages, 10);
    } // stopped: its offsets stored

    // one COPY of 2,000 rows: about 200 to a page, each page one WAL record, its rows one LSN
    try (Connection c = source.connect()) {
      StringBuilder rows = new StringBuilder();
      for (int id = 11; id <= 2010; id++) {
        rows.append(id).append("\tcopied ").append(id).append('\n');
      }
      c.unwrap(PGConnection.class)
          .getCopyAPI()
          .copyIn("COPY pages FROM STDIN", new StringReader(rows.toString()));
    }
    // after the restart, one change event per batch: the first two rows of the first page
    // published and their offsets stored one at a time; halted before the third row is published
    source.haltAt("capture.before-row@3");

    try (CdcProcess last = source.cdc(Map.of())) {
      last.start();
      awaitCount(source.jdbcUrl, pages, 2010);
      source.assertTargetEqualsSource(pages);
    }
  }

  @Test
  @DisplayName("a non-transactional message stored last: the transaction right after it arrives")
  void transactionAfterNonTransactionalMessage(TestInfrastructure infra) throws Exception {
    Source source = new Source(infra, "resume_message");
    source.execute("CREATE TABLE items (id integer PRIMARY KEY, v text NOT NULL)");
    source.execute("INSERT INTO items SELECT g, 'row ' || g FROM generate_series(1, 10) g");
    TableDef items = source.record("resume-message").get(0);

    try (CdcProcess first = source.cdc(Map.of())) {
      first.start();
      awaitCount(source.jdbcUrl, items, 10);
      long before = source.lsn("SELECT pg_current_wal_insert_lsn() - '0/0'::pg_lsn");
      source.execute("INSERT INTO items VALUES (11, 'streamed')");
      // a transactional message of capture's prefix that is no fence: the last event delivered
      source.execute("SELECT pg_logical_emit_message(true, 'tributary', '{\"mark\": 1}')");
      awaitCount(source.jdbcUrl, items, 11);
      // the mark's position stored: it names the insert's commit as its last, which the engine
      // confirms to the slot (the insert's own position names the commit before it)
      await()
          .atMost(LONG)
          .pollInterval(Duration.ofMillis(100))
          .until(() -> source.confirmedFlush("resume-message") > before);
    }

    // written while capture is down, in one statement so that nothing comes between: a
    // non-transactional message (any tool may write one), then a transaction whose first change
    // is the WAL record right after it
    source.execute(
        "WITH m AS (SELECT pg_logical_emit_message(false, 'tributary', '{\"other\": \"tool\"}'))"
            + " INSERT INTO items SELECT 12, 'after the message' FROM m");
    // after the restart, one change event per batch: the mark again, the message (its offset
    // stored), and halted before the transaction's insert, the first row, is published
    source.haltAt("capture.before-row@1");

    try (CdcProcess last = source.cdc(Map.of())) {
      last.start();
      awaitCount(source.jdbcUrl, items, 12);
      source.assertTargetEqualsSource(items);
    }
  }

  private static void awaitCount(String jdbcUrl, TableDef table, long rows) {
    await()
        .atMost(LONG)
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () ->
                assertThat(ControlFixtures.targetCount(jdbcUrl, table))
                    .as("rows of %s in the target", table.sourceTable())
                    .isEqualTo(rows));
  }

  /** One test's source database on the source server, its target database and its migration. */
  private static final class Source {
    private final TestInfrastructure infra;
    private final PostgresEndpoint server = sourceServer.endpoint();
    private final String database;
    private final String target;
    private final String jdbcUrl;
    private final Path log;
    private String migration;
    private List<TableDef> tables;

    Source(TestInfrastructure infra, String database) throws Exception {
      this.infra = infra;
      this.database = database;
      this.target = infra.createTargetDatabase(database.replace('_', '-'));
      this.jdbcUrl = infra.jdbcUrl(target);
      this.log = Path.of("target", database + "-cdc.log").toAbsolutePath();
      Files.deleteIfExists(log);
      try (Connection c =
              DriverManager.getConnection(
                  server.jdbcUrl("postgres"), server.user(), server.password());
          Statement st = c.createStatement()) {
        st.execute("DROP DATABASE IF EXISTS " + database);
        st.execute("CREATE DATABASE " + database);
      }
    }

    Connection connect() throws SQLException {
      return DriverManager.getConnection(
          server.jdbcUrl(database), server.user(), server.password());
    }

    void execute(String sql) throws SQLException {
      try (Connection c = connect();
          Statement st = c.createStatement()) {
        st.execute(sql);
      }
    }

    long lsn(String sql) throws SQLException {
      try (Connection c = connect();
          Statement st = c.createStatement();
          ResultSet rs = st.executeQuery(sql)) {
        rs.next();
        return rs.getLong(1);
      }
    }

    long confirmedFlush(String migration) throws SQLException {
      try (Connection c = connect();
          Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "SELECT coalesce(confirmed_flush_lsn - '0/0'::pg_lsn, 0) FROM"
                      + " pg_replication_slots WHERE slot_name = '"
                      + PostgresCaptureNames.of(migration, "pg").slot()
                      + "'")) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }

    List<TableDef> record(String migration) throws Exception {
      this.migration = migration;
      String url =
          "postgresql://"
              + server.user()
              + ":"
              + server.password()
              + "@"
              + server.host()
              + ":"
              + server.port()
              + "/"
              + database;
      tables = ControlFixtures.recordPostgresMigration(jdbcUrl, migration, "pg", database, url);
      return tables;
    }

    /**
     * cdc-service on this test's target database: heartbeats out of the way (none in a test's
     * time), so that the source's WAL holds only what the test writes.
     */
    CdcProcess cdc(Map<String, String> extra) throws Exception {
      return new CdcProcess(infra, target, log, env(extra));
    }

    private Map<String, String> env(Map<String, String> extra) {
      Map<String, String> env = new HashMap<>();
      env.put("TRIBUTARY_APPLY_GROUP_ID", "tributary-apply-" + target);
      env.put("TRIBUTARY_CAPTURE_HEARTBEAT_INTERVAL", "40s");
      env.putAll(extra);
      return env;
    }

    /**
     * Starts cdc-service with one change event per batch and waits until it halts at {@code point}.
     */
    void haltAt(String point) throws Exception {
      CdcProcess.runUntilHalted(
          infra,
          target,
          log,
          env(Map.of("TRIBUTARY_CAPTURE_POSTGRES_BATCH_SIZE", "1")),
          point,
          LONG);
    }

    void assertTargetEqualsSource(TableDef table) throws Exception {
      try (Connection s = connect();
          Connection t = DriverManager.getConnection(jdbcUrl, "postgres", "postgres")) {
        assertThat(ControlFixtures.rowsDigest(t, table.targetSchema(), table.targetTable(), table))
            .as("rows of %s", table.sourceTable())
            .isEqualTo(ControlFixtures.rowsDigest(s, "public", table.sourceTable(), table));
      }
    }
  }
}
