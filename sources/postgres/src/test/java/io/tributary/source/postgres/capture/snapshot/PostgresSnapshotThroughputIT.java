package io.tributary.source.postgres.capture.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.event.SnapshotChunk;
import io.tributary.common.naming.Identifiers;
import io.tributary.common.plan.PostgresUrl;
import io.tributary.source.postgres.catalog.PostgresCatalogReader;
import io.tributary.testing.TestInfrastructure;
import io.tributary.testing.TributaryInfraExtension;
import java.io.File;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * How fast the snapshot runner reads Letta-shaped tables (messages: text and jsonb; passages: a
 * {@code vector(1536)} each) into chunks, next to {@code psql}'s binary {@code COPY} of the same
 * rows to {@code /dev/null}. A measurement, not a check: runs only with {@code
 * TRIBUTARY_SNAPSHOT_BENCH=true}; {@code TRIBUTARY_SNAPSHOT_BENCH_ROWS} sets the messages (default
 * 1,000,000; passages are a twentieth of them).
 */
@ExtendWith(TributaryInfraExtension.class)
@EnabledIfEnvironmentVariable(named = "TRIBUTARY_SNAPSHOT_BENCH", matches = "true")
class PostgresSnapshotThroughputIT {
  @Test
  void readsLettaShapedTables(TestInfrastructure infra) throws Exception {
    long messages =
        Long.parseLong(System.getenv().getOrDefault("TRIBUTARY_SNAPSHOT_BENCH_ROWS", "1000000"));
    String database = infra.createDatabase("pgsnapbench");
    List<TableDef> tables;
    try (Connection jdbc = infra.connect(database);
        Statement st = jdbc.createStatement()) {
      st.execute(
          """
          CREATE SCHEMA letta;
          CREATE TABLE letta.messages (
            id text PRIMARY KEY, agent_id text NOT NULL, role text NOT NULL, text text,
            content jsonb, tool_calls jsonb, created_at timestamptz NOT NULL,
            is_deleted boolean NOT NULL DEFAULT false);
          CREATE TABLE letta.passages (
            id text PRIMARY KEY, agent_id text, text text, embedding vector(1536),
            metadata jsonb, created_at timestamptz NOT NULL);
          """);
      st.execute(
          "INSERT INTO letta.messages SELECT 'message-' || g, 'agent-' || (g % 500), 'assistant',"
              + " repeat(md5(g::text), 4),"
              + " jsonb_build_object('type', 'text', 'text', md5(g::text), 'n', g),"
              + " CASE WHEN g % 3 = 0 THEN '[{\"id\": \"call\", \"name\": \"send_message\"}]'::jsonb END,"
              + " now() - g * interval '1 second', false FROM generate_series(1, "
              + messages
              + ") g");
      st.execute(
          "INSERT INTO letta.passages SELECT 'passage-' || g, 'agent-' || (g % 500),"
              + " repeat(md5(g::text), 8),"
              + " (SELECT array_agg(random())::real[]::vector FROM generate_series(1, 1536)),"
              + " jsonb_build_object('source', 'bench'), now() FROM generate_series(1, "
              + messages / 20
              + ") g");
      st.execute("VACUUM ANALYZE letta.messages, letta.passages");
      tables =
          PostgresCatalogReader.read(jdbc, "m1", "letta", Map.of("letta", "letta_target")).tables();
    }
    for (TableDef table : tables) {
      long rows = messages / (table.sourceTable().equals("passages") ? 20 : 1);
      double psql = psqlSeconds(infra, database, table);
      for (int readers : new int[] {1, 2}) {
        AtomicLong read = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        long start = System.nanoTime();
        try (PostgresSnapshotRunner runner =
            new PostgresSnapshotRunner(
                new SnapshotConnections(PostgresUrl.parse(infra.sourceUrl(database))),
                new SnapshotSettings(readers, 1024, 4 << 20, 64 << 20),
                type -> 0,
                new CountingSink(read, bytes))) {
          runner.prepareResumed();
          assertThat(runner.run(new SnapshotJob(List.of(table), 1, t -> true, Map.of()))).isTrue();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(read.get()).isEqualTo(rows);
        System.out.printf(
            "BENCH %s: %d rows, runner with %d reader(s) %.2f s = %.0f rows/s (%.0f MB of chunks);"
                + " psql COPY binary to /dev/null %.2f s = %.0f rows/s%n",
            table.sourceTable(),
            rows,
            readers,
            seconds,
            rows / seconds,
            bytes.get() / 1e6,
            psql,
            rows / psql);
      }
    }
  }

  private static double psqlSeconds(TestInfrastructure infra, String database, TableDef table)
      throws Exception {
    String psql = Path.of(System.getenv("TRIBUTARY_PG_BIN"), "psql").toString();
    ProcessBuilder process =
        new ProcessBuilder(
                psql,
                "-h",
                infra.postgresHost(),
                "-p",
                Integer.toString(infra.postgresPort()),
                "-U",
                infra.postgresUser(),
                "-d",
                database,
                "-c",
                "COPY (SELECT * FROM ONLY "
                    + Identifiers.qualified(table.sourceSchema(), table.sourceTable())
                    + ") TO STDOUT (FORMAT binary)")
            .redirectOutput(new File("/dev/null"))
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    process.environment().put("PGPASSWORD", infra.postgresPassword());
    long start = System.nanoTime();
    Process running = process.start();
    assertThat(running.waitFor(30, TimeUnit.MINUTES)).isTrue();
    assertThat(running.exitValue()).isZero();
    return (System.nanoTime() - start) / 1e9;
  }

  /** Counts the rows and bytes of the chunks and drops them. */
  private record CountingSink(AtomicLong rows, AtomicLong bytes) implements SnapshotSink {
    @Override
    public void publish(TableDef table, SnapshotChunk chunk) {
      rows.addAndGet(chunk.rows());
      bytes.addAndGet(chunk.copy().length);
    }

    @Override
    public void rangeDone(TableDef table, CtidRange range, TableTotals totals) {}

    @Override
    public void tableDone(TableDef table, TableTotals totals) {}
  }
}
