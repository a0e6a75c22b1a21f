package io.tributary.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tributary.common.catalog.TableDef;
import io.tributary.testing.LocalPostgres;
import io.tributary.testing.PostgresEndpoint;
import io.tributary.testing.TributaryTestResource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.core.ConditionTimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A PostgreSQL capture stopped and started again on an idle source delivers the first write made
 * while it was stopped. The source has a server of its own, where nothing writes but the test and
 * capture's heartbeats (every 200 ms here): the last event capture stored before each stop is
 * almost always a heartbeat, and the write is the WAL record right after it. That is the position
 * at which Debezium 3.4's resume search skipped a whole transaction when heartbeats were
 * non-transactional messages (CI lost {@code CaptureLifecycleIT}'s write made while paused that
 * way); every cycle here must deliver its row.
 */
@QuarkusTest
@QuarkusTestResource(TributaryTestResource.class)
@TestProfile(PostgresCaptureRestartIT.FastHeartbeats.class)
class PostgresCaptureRestartIT {
  private static final int CYCLES = 6;

  /** Heartbeats often enough that one precedes every stop. */
  public static class FastHeartbeats implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("tributary.capture.heartbeat-interval", "200ms");
    }
  }

  private static LocalPostgres sourceServer;

  @ConfigProperty(name = "tributary.test.jdbc-url")
  String jdbcUrl;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @BeforeAll
  static void startSourceServer() {
    sourceServer = LocalPostgres.start();
  }

  @Test
  @DisplayName("Stopped after a heartbeat, restarted: the next write on the idle source arrives")
  void firstWriteAfterRestartArrives() throws Exception {
    String migration = "restart-pg";
    PostgresEndpoint server = sourceServer.endpoint();
    try (Connection c =
            DriverManager.getConnection(
                server.jdbcUrl("postgres"), server.user(), server.password());
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE restart_src");
    }
    String sourceUrl =
        "postgresql://"
            + server.user()
            + ":"
            + server.password()
            + "@"
            + server.host()
            + ":"
            + server.port()
            + "/restart_src";
    try (Connection c = source(server);
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE items (id integer PRIMARY KEY, v text NOT NULL)");
      st.execute("INSERT INTO items SELECT g, 'row ' || g FROM generate_series(1, 10) g");
    }
    List<TableDef> tables =
        ControlFixtures.recordPostgresMigration(jdbcUrl, migration, "pg", "restart_src", sourceUrl);
    TableDef items = tables.get(0);
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> ControlFixtures.targetCount(jdbcUrl, items) == 10);
    ControlFixtures.updateMigration(
        jdbcUrl, "UPDATE tributary.migrations SET state = 'REPLICATING' WHERE id = ?", migration);

    for (int cycle = 1; cycle <= CYCLES; cycle++) {
      // a few heartbeats pass, captured and stored, then capture stops
      long written = walInsertPosition(server);
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> walInsertPosition(server) > written);
      ControlFixtures.updateMigration(
          jdbcUrl,
          "UPDATE tributary.migrations SET paused_at = now(), paused_by = 'it' WHERE id = ?",
          migration);
      ControlFixtures.awaitCapture(migration + "/pg", false);

      int id = 100 + cycle;
      try (Connection c = source(server);
          Statement st = c.createStatement()) {
        st.executeUpdate("INSERT INTO items VALUES (" + id + ", 'written while stopped')");
      }
      ControlFixtures.updateMigration(
          jdbcUrl,
          "UPDATE tributary.migrations SET paused_at = NULL, paused_by = NULL WHERE id = ?",
          migration);
      ControlFixtures.awaitCapture(migration + "/pg", true);
      int expected = 10 + cycle;
      try {
        await()
            .atMost(Duration.ofMinutes(1))
            .pollInterval(Duration.ofMillis(200))
            .untilAsserted(
                () ->
                    assertThat(ControlFixtures.targetCount(jdbcUrl, items))
                        .as("rows after restart %d", expected - 10)
                        .isEqualTo(expected));
      } catch (ConditionTimeoutException e) {
        throw new AssertionError(
            "row "
                + id
                + " did not arrive after restart "
                + cycle
                + "; "
                + diagnosis(server, items),
            e);
      }
      assertThat(value(items, id)).isEqualTo("written while stopped");
    }
  }

  /**
   * Where a missing row stopped, for the failure's message: the slot's state on the source, the
   * row's change events in its topic, and the capture offsets stored for the source.
   */
  private String diagnosis(PostgresEndpoint server, TableDef table) {
    StringBuilder out = new StringBuilder();
    try (Connection c = source(server);
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT slot_name, active, confirmed_flush_lsn, pg_current_wal_lsn()"
                    + " FROM pg_replication_slots")) {
      while (rs.next()) {
        out.append("slot ")
            .append(rs.getString(1))
            .append(" active=")
            .append(rs.getBoolean(2))
            .append(" confirmed_flush=")
            .append(rs.getString(3))
            .append(" wal=")
            .append(rs.getString(4))
            .append("; ");
      }
    } catch (SQLException e) {
      out.append("slot unreadable: ").append(e.getMessage()).append("; ");
    }
    out.append("topic ").append(table.topic()).append(": ");
    topicRecords(table.topic()).forEach(r -> out.append(r).append(" | "));
    out.append("; offsets: ");
    topicRecords("tributary.capture-offsets").stream()
        .filter(r -> r.contains("restart"))
        .forEach(r -> out.append(r).append(" | "));
    return out.toString();
  }

  /** Every record of a topic, as key, headers and value text. */
  private List<String> topicRecords(String topic) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            StringDeserializer.class.getName(),
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            StringDeserializer.class.getName(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest");
    List<String> out = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))
          && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          StringBuilder headers = new StringBuilder();
          r.headers()
              .forEach(
                  h ->
                      headers
                          .append(h.key())
                          .append('=')
                          .append(new String(h.value(), StandardCharsets.UTF_8))
                          .append(','));
          out.add(
              r.partition() + "@" + r.offset() + " " + r.key() + " [" + headers + "] " + r.value());
        }
      }
    } catch (RuntimeException e) {
      out.add("unreadable: " + e.getMessage());
    }
    return out;
  }

  private static Connection source(PostgresEndpoint server) throws SQLException {
    return DriverManager.getConnection(
        server.jdbcUrl("restart_src"), server.user(), server.password());
  }

  /** Where the source server's next WAL record goes, in bytes. */
  private static long walInsertPosition(PostgresEndpoint server) throws SQLException {
    try (Connection c = source(server);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT pg_current_wal_insert_lsn() - '0/0'::pg_lsn")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private String value(TableDef table, int id) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT v FROM \""
                    + table.targetSchema()
                    + "\".\""
                    + table.targetTable()
                    + "\" WHERE id = ?")) {
      ps.setInt(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }
}
