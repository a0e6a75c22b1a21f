package io.tributary.source.postgres.capture.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.event.SnapshotChunk;
import io.tributary.common.naming.Identifiers;
import io.tributary.common.plan.PostgresUrl;
import io.tributary.common.sql.TableDdlBuilder;
import io.tributary.common.value.Uuid5;
import io.tributary.source.postgres.capture.snapshot.SnapshotJob.Resumed;
import io.tributary.source.postgres.capture.snapshot.SnapshotSink.TableTotals;
import io.tributary.source.postgres.catalog.PostgresCatalog;
import io.tributary.source.postgres.catalog.PostgresCatalogReader;
import io.tributary.testing.PostgresAllTypes;
import io.tributary.testing.TestInfrastructure;
import io.tributary.testing.TributaryInfraExtension;
import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;

/**
 * The PostgreSQL snapshot runner against a real server: every type arrives in the target as the
 * row-by-row path writes it, the slot's snapshot and its stream meet without gap or overlap while a
 * writer commits through the slot's creation, and ranges read by two readers (also resumed, also
 * stopped) hold every row once.
 */
@ExtendWith(TributaryInfraExtension.class)
class PostgresSnapshotRunnerIT {
  private static final UUID NAMESPACE = UUID.fromString("0f5a4b2e-6a53-4f3c-9d0b-2b1b8cfc7a11");
  private static final Predicate<TableDef> KEYED = t -> !t.wholeRow() && !t.keyColumns().isEmpty();

  @Test
  void everyTypeArrivesInTheTargetAsTheRowPathWritesIt(TestInfrastructure infra) throws Exception {
    String database = infra.createDatabase("pgsnap");
    try (Connection jdbc = infra.connect(database)) {
      execute(jdbc, PostgresAllTypes.SOURCE_DDL);
      execute(jdbc, PostgresAllTypes.SOURCE_ROWS);
      execute(
          jdbc,
          """
          CREATE TABLE "Legacy".misc (id int PRIMARY KEY, span interval, addr inet, price money,
                                      hosts inet[]);
          INSERT INTO "Legacy".misc VALUES
            (1, '1 year 2 mons 3 days 04:05:06.5', '10.0.0.1/8', 12.5, '{10.0.0.2,NULL}'),
            (2, NULL, NULL, NULL, NULL);
          CREATE TABLE "Legacy".users (id bigint PRIMARY KEY, name text);
          INSERT INTO "Legacy".users SELECT g, 'user ' || g FROM generate_series(1, 50) g;
          """);
      PostgresCatalog catalog =
          PostgresCatalogReader.read(jdbc, "m1", "letta", Map.of("Legacy", "letta_agents"));
      // users: the key remapped to uuid5 (a column cast on the way, and a key the rows carry)
      List<TableDef> tables =
          catalog.tables().stream()
              .map(t -> t.sourceTable().equals("users") ? remapped(t) : t)
              .toList();
      for (String statement : TableDdlBuilder.provision("letta_agents", catalog.enums(), tables)) {
        execute(jdbc, statement);
      }
      for (TableDef table : tables.stream().filter(KEYED).toList()) {
        execute(
            jdbc,
            "ALTER TABLE "
                + target(table)
                + " ADD COLUMN _tributary_key text, ADD COLUMN _tributary_row integer");
      }

      CollectingSink sink = new CollectingSink();
      String slot = TestInfrastructure.uniqueName("snap");
      try (Connection oids = infra.connect(database);
          PostgresSnapshotRunner runner = runner(infra, database, 2, 1, oids, sink)) {
        String lsn = runner.prepare(slot);
        assertThat(runner.run(new SnapshotJob(tables, 1, KEYED, Map.of()))).isTrue();
        assertThat(sink.chunks).allSatisfy(c -> assertThat(c.position()).isEqualTo(lsn));
      } finally {
        execute(jdbc, "SELECT pg_drop_replication_slot(" + Identifiers.literal(slot) + ")");
      }

      for (TableDef table : tables) {
        assertThat(sink.tables).containsKey(table.topic());
        for (SnapshotChunk chunk : sink.chunks(table)) {
          copyIn(jdbc, table, KEYED.test(table), chunk.copy());
        }
        if (!table.sourceTable().equals("users")) {
          execute(jdbc, "SET IntervalStyle = iso_8601");
          assertThat(PostgresAllTypes.checksum(jdbc, table, true))
              .as(table.sourceTable())
              .isEqualTo(PostgresAllTypes.checksum(jdbc, table, false));
          execute(jdbc, "RESET IntervalStyle");
        }
      }
      TableDef agents = table(tables, "Agents");
      assertThat(
              strings(
                  jdbc, "SELECT count(*) FROM " + target(agents) + " WHERE _tributary_key IS NULL"))
          .as("a key that passes unchanged is not sent twice")
          .containsExactly("3");
      TableDef misc = table(tables, "misc");
      // interval, inet, money and inet[] keep their types; their binary form passes unchanged
      assertThat(
              strings(
                  jdbc,
                  "SELECT pg_typeof(span) || ' ' || pg_typeof(addr) || ' ' || pg_typeof(price)"
                      + " || ' ' || pg_typeof(hosts) || ': ' || span || ' ' || addr || ' '"
                      + " || price || ' ' || hosts::text FROM "
                      + target(misc)
                      + " WHERE id = 1"))
          .containsExactly(
              "interval inet money inet[]: 1 year 2 mons 3 days 04:05:06.5 10.0.0.1/8 $12.50"
                  + " {10.0.0.2,NULL}");
      TableDef users = table(tables, "users");
      List<String> expected = new ArrayList<>();
      for (int id = 1; id <= 50; id++) {
        expected.add(Uuid5.remap(NAMESPACE, Integer.toString(id)) + " {\"id\":" + id + "}");
      }
      assertThat(strings(jdbc, "SELECT id || ' ' || _tributary_key FROM " + target(users)))
          .containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  @Test
  void theSnapshotAndTheSlotsStreamHoldEveryCommittedRowExactlyOnce(TestInfrastructure infra)
      throws Exception {
    String database = infra.createDatabase("pgseam");
    try (Connection jdbc = infra.connect(database)) {
      execute(
          jdbc,
          """
          CREATE SCHEMA app;
          CREATE TABLE app.keyed (id bigint PRIMARY KEY, note text);
          CREATE TABLE app.keyless (n bigint, note text);
          CREATE PUBLICATION seam FOR TABLE app.keyed, app.keyless;
          """);
      List<TableDef> tables = catalog(jdbc, "app");
      Set<Long> committed = ConcurrentHashMap.newKeySet();
      AtomicBoolean writing = new AtomicBoolean(true);
      Thread writer = new Thread(() -> write(infra, database, committed, writing), "seam-writer");
      writer.start();
      CollectingSink sink = new CollectingSink();
      String slot = TestInfrastructure.uniqueName("seam");
      try (Connection oids = infra.connect(database);
          PostgresSnapshotRunner runner = runner(infra, database, 2, 1, oids, sink)) {
        awaitRows(committed, 200);
        runner.prepare(slot); // while the writer commits
        int atSlot = committed.size();
        awaitRows(committed, atSlot + 200);
        assertThat(runner.run(new SnapshotJob(tables, 1, KEYED, Map.of()))).isTrue();
        awaitRows(committed, committed.size() + 200);
      } finally {
        writing.set(false);
        writer.join();
      }

      Map<Long, List<String>> stream = SlotInserts.firstColumns(jdbc, slot, "seam");
      execute(jdbc, "SELECT pg_drop_replication_slot(" + Identifiers.literal(slot) + ")");
      for (TableDef table : tables) {
        List<Long> snapshot = sink.firstColumn(table);
        List<Long> streamed =
            stream.getOrDefault(relation(jdbc, table), List.of()).stream()
                .map(Long::valueOf)
                .toList();
        assertThat(snapshot).as("rows in the snapshot of %s", table.sourceTable()).isNotEmpty();
        assertThat(streamed).as("rows in the stream of %s", table.sourceTable()).isNotEmpty();
        List<Long> both = Stream.concat(snapshot.stream(), streamed.stream()).sorted().toList();
        assertThat(both)
            .as("every committed row of %s once", table.sourceTable())
            .containsExactlyElementsOf(committed.stream().sorted().toList());
      }
    }
  }

  @Test
  void rangesReadByTwoReadersHoldEveryRowOnceAlsoWhenResumedOrStopped(TestInfrastructure infra)
      throws Exception {
    String database = infra.createDatabase("pgranges");
    try (Connection jdbc = infra.connect(database)) {
      execute(
          jdbc,
          """
          CREATE SCHEMA app;
          CREATE TABLE app.wide (id bigint PRIMARY KEY, pad text);
          INSERT INTO app.wide SELECT g, repeat(md5(g::text), 6) FROM generate_series(1, 20000) g;
          CREATE TABLE app.log (n bigint, pad text);
          INSERT INTO app.log SELECT g, md5(g::text) FROM generate_series(1, 3000) g;
          CREATE TABLE app.parts (id bigint, k int, pad text, PRIMARY KEY (id, k))
            PARTITION BY LIST (k);
          CREATE TABLE app.parts_0 PARTITION OF app.parts FOR VALUES IN (0);
          CREATE TABLE app.parts_1 PARTITION OF app.parts FOR VALUES IN (1);
          INSERT INTO app.parts SELECT g, g % 2, repeat(md5(g::text), 4) FROM generate_series(1, 6000) g;
          """);
      execute(jdbc, "VACUUM ANALYZE app.wide, app.log, app.parts");
      List<TableDef> tables = catalog(jdbc, "app");
      TableDef wide = table(tables, "wide");
      List<Long> all = Stream.iterate(1L, i -> i + 1).limit(20000).toList();

      CollectingSink first = new CollectingSink();
      String slot = TestInfrastructure.uniqueName("ranges");
      try (Connection oids = infra.connect(database);
          PostgresSnapshotRunner runner = runner(infra, database, 2, 16, oids, first)) {
        runner.prepare(slot);
        assertThat(runner.run(new SnapshotJob(tables, 1, KEYED, Map.of()))).isTrue();
      } finally {
        execute(jdbc, "SELECT pg_drop_replication_slot(" + Identifiers.literal(slot) + ")");
      }
      List<CtidRange> ranges = first.ranges.get(wide.topic());
      assertThat(ranges).hasSizeGreaterThan(5);
      assertThat(first.firstColumn(wide)).containsExactlyInAnyOrderElementsOf(all);
      assertThat(first.tables.get(wide.topic()).rows()).isEqualTo(20000);
      assertThat(first.firstColumn(table(tables, "log"))).hasSize(3000).doesNotHaveDuplicates();
      TableDef parts = table(tables, "parts");
      assertThat(first.ranges.get(parts.topic()))
          .as("ranges read in each partition")
          .hasSizeGreaterThan(1);
      assertThat(first.firstColumn(parts))
          .as("a partitioned table's rows, read through it")
          .containsExactlyInAnyOrderElementsOf(all.subList(0, 6000));
      assertThat(first.chunks.get(0).table())
          .as("the keyless table is read first")
          .isEqualTo(table(tables, "log").topic());

      // resumed: the ranges done before are skipped, their rows are not read again
      List<CtidRange> done = ranges.subList(0, ranges.size() / 2);
      Set<String> doneLabels = done.stream().map(CtidRange::label).collect(Collectors.toSet());
      long doneChunks = 7;
      CollectingSink second = new CollectingSink();
      try (Connection oids = infra.connect(database);
          PostgresSnapshotRunner runner = runner(infra, database, 2, 16, oids, second)) {
        runner.prepareResumed();
        Map<String, Resumed> resumed =
            Map.of(wide.topic(), new Resumed(done, new TableTotals(doneChunks, 1, 0)));
        assertThat(runner.run(new SnapshotJob(List.of(wide), 1, KEYED, resumed))).isTrue();
      }
      assertThat(second.ranges.get(wide.topic())).doesNotContainAnyElementsOf(done);
      assertThat(second.chunks(wide).get(0).number()).isEqualTo(doneChunks + 1);
      List<Long> before =
          first.chunks(wide).stream()
              .filter(c -> doneLabels.contains(c.range()))
              .flatMap(c -> CollectingSink.firstColumn(c).stream())
              .toList();
      assertThat(Stream.concat(before.stream(), second.firstColumn(wide).stream()).toList())
          .containsExactlyInAnyOrderElementsOf(all);

      // stopped: the run ends early, its table not done
      CollectingSink stopped = new CollectingSink();
      try (Connection oids = infra.connect(database);
          PostgresSnapshotRunner runner = runner(infra, database, 2, 16, oids, stopping(stopped))) {
        runner.prepareResumed();
        assertThat(runner.run(new SnapshotJob(List.of(wide), 1, KEYED, Map.of()))).isFalse();
      }
      assertThat(stopped.tables).isEmpty();
      assertThat(stopped.firstColumn(wide).size()).isLessThan(20000);
    }
  }

  /** A sink that stops its runner at the first chunk (set once the runner exists). */
  private static SnapshotSink stopping(CollectingSink sink) {
    return new StoppingSink(sink);
  }

  private static final class StoppingSink implements SnapshotSink {
    private final CollectingSink sink;
    private PostgresSnapshotRunner runner;

    StoppingSink(CollectingSink sink) {
      this.sink = sink;
    }

    @Override
    public void publish(TableDef table, SnapshotChunk chunk) {
      sink.publish(table, chunk);
      runner.stop();
    }

    @Override
    public void rangeDone(TableDef table, CtidRange range, TableTotals totals) {
      sink.rangeDone(table, range, totals);
    }

    @Override
    public void tableDone(TableDef table, TableTotals totals) {
      sink.tableDone(table, totals);
    }
  }

  private static PostgresSnapshotRunner runner(
      TestInfrastructure infra,
      String database,
      int readers,
      long rangeBlocks,
      Connection oids,
      SnapshotSink sink) {
    PostgresSnapshotRunner runner =
        new PostgresSnapshotRunner(
            new SnapshotConnections(PostgresUrl.parse(infra.sourceUrl(database))),
            new SnapshotSettings(readers, rangeBlocks, 64 * 1024, 16 << 20),
            type -> typeOid(oids, type),
            sink);
    if (sink instanceof StoppingSink stopping) {
      stopping.runner = runner;
    }
    return runner;
  }

  private static long typeOid(Connection jdbc, String type) {
    try (PreparedStatement st = jdbc.prepareStatement("SELECT (?::regtype)::oid::bigint")) {
      st.setString(1, type);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Commits rows into both tables, one to three per transaction, until told to stop. */
  private static void write(
      TestInfrastructure infra, String database, Set<Long> committed, AtomicBoolean writing) {
    try (Connection c = infra.connect(database)) {
      // the test server does not flush commits (synchronous_commit = off), and a slot decodes
      // only what is flushed: a row counts as committed once its commit is flushed
      execute(c, "SET synchronous_commit = on");
      c.setAutoCommit(false);
      long next = 1;
      while (writing.get()) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 1 + next % 3; i++) {
          ids.add(next++);
        }
        try (Statement st = c.createStatement()) {
          for (long id : ids) {
            st.execute("INSERT INTO app.keyed VALUES (" + id + ", 'k')");
            st.execute("INSERT INTO app.keyless VALUES (" + id + ", 'n')");
          }
        }
        c.commit();
        committed.addAll(ids);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void awaitRows(Set<Long> committed, int rows) throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (committed.size() < rows && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(committed.size()).as("rows the writer committed").isGreaterThanOrEqualTo(rows);
  }

  private static TableDef remapped(TableDef table) {
    List<ColumnDef> columns =
        table.columns().stream()
            .map(
                c ->
                    c.name().equals("id")
                        ? c.withTarget(TargetType.UUID, null, null).withRules("id", null, NAMESPACE)
                        : c)
            .toList();
    return table.withColumns(columns);
  }

  private static List<TableDef> catalog(Connection jdbc, String schema) throws SQLException {
    return PostgresCatalogReader.read(jdbc, "m1", "src", Map.of(schema, "tgt_" + schema)).tables();
  }

  private static TableDef table(List<TableDef> tables, String name) {
    return tables.stream().filter(t -> t.sourceTable().equals(name)).findFirst().orElseThrow();
  }

  private static String target(TableDef table) {
    return Identifiers.qualified(table.targetSchema(), table.targetTable());
  }

  private static long relation(Connection jdbc, TableDef table) throws SQLException {
    return Long.parseLong(
        strings(
                jdbc,
                "SELECT "
                    + Identifiers.literal(
                        Identifiers.qualified(table.sourceSchema(), table.sourceTable()))
                    + "::regclass::oid")
            .get(0));
  }

  /** Writes a chunk into its target table as apply will: {@code COPY ... FROM STDIN}. */
  private static void copyIn(Connection jdbc, TableDef table, boolean withKeys, byte[] copy)
      throws Exception {
    List<String> columns = new ArrayList<>();
    table.columns().forEach(c -> columns.add(Identifiers.quote(c.targetName())));
    if (withKeys) {
      columns.add("_tributary_key");
      columns.add("_tributary_row");
    }
    jdbc.unwrap(PGConnection.class)
        .getCopyAPI()
        .copyIn(
            "COPY "
                + target(table)
                + " ("
                + String.join(", ", columns)
                + ") FROM STDIN (FORMAT binary)",
            new ByteArrayInputStream(copy));
  }

  private static List<String> strings(Connection jdbc, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Statement st = jdbc.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    return values;
  }

  private static void execute(Connection jdbc, String sql) throws SQLException {
    try (Statement st = jdbc.createStatement()) {
      st.execute(sql);
    }
  }
}
