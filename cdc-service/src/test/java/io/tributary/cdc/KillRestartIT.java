package io.tributary.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.event.Topics;
import io.tributary.testing.TestInfrastructure;
import io.tributary.testing.TributaryInfraExtension;
import io.tributary.tools.SampleDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * cdc-service killed with SIGKILL mid-snapshot and again mid-stream, with writes to the source
 * while it is down: after restarts the target equals the source by value, every Kafka record is
 * applied, nothing is rejected.
 */
@ExtendWith(TributaryInfraExtension.class)
class KillRestartIT {
  static {
    // Register the JDBC drivers with this class loader: after a @QuarkusTest in the same JVM,
    // DriverManager only knows the copies Quarkus' class loader registered, which it hides from us.
    try {
      Class.forName("org.sqlite.JDBC");
      Class.forName("org.postgresql.Driver");
    } catch (ClassNotFoundException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final Duration LONG = Duration.ofMinutes(4);

  @Test
  @DisplayName("SIGKILL during the snapshot and during streaming loses nothing and converges")
  void killAndRestart(TestInfrastructure infra) throws Exception {
    String database = infra.createTargetDatabase("kill");
    String jdbcUrl = infra.jdbcUrl(database);
    Path dir = Files.createTempDirectory("tributary-kill");
    Path file = dir.resolve("shop.db");
    new SampleDatabase(3).create(file); // ~410k rows: the snapshot lasts long enough to be cut
    List<TableDef> tables =
        ControlFixtures.recordSqliteMigration(jdbcUrl, "kill", "shop", "shop", file);
    Path log = Path.of("target", "kill-restart-cdc.log").toAbsolutePath();
    Files.deleteIfExists(log);

    try (CdcProcess cdc =
        new CdcProcess(
            infra,
            database,
            log,
            Map.of(
                "TRIBUTARY_CAPTURE_SNAPSHOT_FETCH_SIZE",
                "300",
                "TRIBUTARY_APPLY_GROUP_ID",
                "tributary-apply-" + database))) {
      cdc.start();
      // 1. killed mid-snapshot: some rows applied, not every table's snapshot done
      await()
          .atMost(LONG)
          .pollInterval(Duration.ofMillis(100))
          .until(() -> ControlFixtures.targetCount(jdbcUrl, table(tables, "customers")) > 0);
      // Which phase the kill hits depends on the machine's speed; both must converge. Logged so a
      // run shows whether it cut the snapshot (it usually does: the source has ~410k rows).
      System.getLogger("KillRestartIT")
          .log(
              System.Logger.Level.INFO,
              "first SIGKILL with {0} of {1} table snapshots done",
              snapshotsDone(jdbcUrl),
              tables.size());
      cdc.kill();
      write(file, 1);

      // 2. restarted: the snapshot finishes, then killed mid-stream while a writer runs
      cdc.start();
      await().atMost(LONG).until(() -> snapshotsDone(jdbcUrl) == tables.size());
      write(file, 2);
      cdc.kill();
      write(file, 3);

      // 3. restarted again: everything converges
      cdc.start();
      for (TableDef table : tables) {
        await()
            .atMost(LONG)
            .pollInterval(Duration.ofSeconds(1))
            .untilAsserted(
                () ->
                    assertThat(ControlFixtures.targetChecksum(jdbcUrl, table).hex())
                        .as("values of %s", table.sourceTable())
                        .isEqualTo(ControlFixtures.sourceChecksum(file, table).hex()));
      }
      assertThat(count(jdbcUrl, "SELECT count(*) FROM tributary.rejects")).isZero();
      // every record in Kafka is applied: the stored positions are the topics' ends
      await()
          .atMost(LONG)
          .untilAsserted(
              () -> assertThat(appliedOffsets(jdbcUrl)).isEqualTo(endOffsets(infra, tables)));
    }
  }

  /** Inserts, updates, deletes and a key change, different in each round. */
  private static void write(Path file, int round) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      st.execute("PRAGMA busy_timeout = 5000");
      c.setAutoCommit(false);
      st.executeUpdate(
          "UPDATE customers SET balance = balance + " + round + " WHERE id % 97 = " + round);
      st.executeUpdate("DELETE FROM orders WHERE id % 1000 = " + round);
      try (PreparedStatement insert =
          c.prepareStatement("INSERT INTO customers (id, name, email) VALUES (?, ?, ?)")) {
        for (int i = 0; i < 50; i++) {
          insert.setLong(1, 1_000_000L * round + i);
          insert.setString(2, "round " + round + " #" + i);
          insert.setString(3, i % 2 == 0 ? null : "r" + round + "@example.com");
          insert.addBatch();
        }
        insert.executeBatch();
      }
      // a key change: the old key must disappear from the target, the new one appear
      st.executeUpdate(
          "UPDATE order_tags SET tag = 'moved-"
              + round
              + "-' || rowid WHERE rowid IN"
              + " (SELECT rowid FROM order_tags ORDER BY order_id LIMIT 3 OFFSET "
              + (10 * round)
              + ")");
      c.commit();
    }
  }

  private static TableDef table(List<TableDef> tables, String name) {
    return tables.stream().filter(t -> t.sourceTable().equals(name)).findFirst().orElseThrow();
  }

  private static long snapshotsDone(String jdbcUrl) throws Exception {
    return count(
        jdbcUrl, "SELECT count(*) FROM tributary.tables WHERE snapshot_done_at IS NOT NULL");
  }

  private static long count(String jdbcUrl, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static Map<String, Long> appliedOffsets(String jdbcUrl) throws Exception {
    Map<String, Long> out = new HashMap<>();
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT topic, sum(next_offset) FROM tributary.apply_offsets GROUP BY topic")) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getLong(2));
      }
    }
    return out;
  }

  private static Map<String, Long> endOffsets(TestInfrastructure infra, List<TableDef> tables)
      throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", infra.kafkaBootstrapServers()))) {
      Map<TopicPartition, OffsetSpec> request = new HashMap<>();
      Set<String> topics = new HashSet<>();
      tables.forEach(t -> topics.add(t.topic()));
      topics.add(Topics.snapshotTopic("kill", "shop")); // the chunks and end markers
      admin
          .describeTopics(topics)
          .allTopicNames()
          .get()
          .forEach(
              (topic, d) ->
                  d.partitions()
                      .forEach(
                          p ->
                              request.put(
                                  new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
      Map<String, Long> out = new HashMap<>();
      admin
          .listOffsets(request)
          .all()
          .get()
          .forEach((tp, info) -> out.merge(tp.topic(), info.offset(), Long::sum));
      out.values().removeIf(end -> end == 0); // a topic nothing was published to: none stored
      return out;
    }
  }
}
