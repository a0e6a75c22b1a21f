package io.tributary.cdc.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.event.ChangeEvent;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.event.SnapshotChunk;
import io.tributary.common.event.SnapshotEnd;
import io.tributary.common.event.SourceInfo;
import io.tributary.common.event.Topics;
import io.tributary.source.spi.capture.ChunkWriter;
import io.tributary.testing.ServiceProcess;
import io.tributary.testing.SqliteMigrationFixtures;
import io.tributary.testing.TestInfrastructure;
import io.tributary.testing.TributaryInfraExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Apply of a snapshot that travels as chunks ({@link SnapshotChunk}) on the source's snapshot
 * topic, the chunks made by capture's own {@link ChunkWriter} and published by hand (no capture
 * runs): copied unchanged into the table made for a bulk load, rejects kept, the key built once the
 * end marker is in, and the table's changes held until then.
 */
@ExtendWith(TributaryInfraExtension.class)
class ChunkApplyIT {
  static {
    try {
      Class.forName("org.sqlite.JDBC");
      Class.forName("org.postgresql.Driver");
    } catch (ClassNotFoundException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final int ROWS = 5_000;

  @Test
  @DisplayName(
      "Chunks are copied as they are: a row capture could not cast and a row the target refuses"
          + " are rejected with their reasons and places, a chunk delivered twice leaves one copy"
          + " of each row, the table's change waits until the end marker loads the table, and"
          + " chunks sent again after the key was built go in by upsert")
  void chunksAreCopiedKeyedAndGateTheChanges(TestInfrastructure infra) throws Exception {
    String database = infra.createTargetDatabase("chunkapply");
    String jdbcUrl = infra.jdbcUrl(database);
    TableDef table = provision(jdbcUrl, "chunkapply");
    String topic = table.topic();
    String snapshotTopic = Topics.snapshotTopic("chunkapply", "app");
    execute(jdbcUrl, "ALTER TABLE app.items ADD CONSTRAINT qty_positive CHECK (qty >= 0)");
    execute(jdbcUrl, "UPDATE tributary.sources SET snapshot_chunks = true");

    ChunkWriter writer = new ChunkWriter(table, 1, 0, true, 16 * 1024, 1 << 20);
    writer.read("1");
    for (int id = 1; id <= ROWS; id++) {
      Object qty = id == 500 ? "five hundred" : id == 700 ? -1L : (Object) (long) id;
      String key = "{\"id\":" + id + "}";
      int row = id;
      writer.add(
          new Object[] {(long) id, "item " + id, qty},
          key,
          () -> "{\"op\":\"r\",\"after\":{\"id\":" + row + "}}");
    }
    List<SnapshotChunk> chunks = writer.finish();
    assertThat(chunks).as("cut at 16 KiB").hasSizeGreaterThan(3);

    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
    try (Admin admin = Admin.create(props)) {
      admin
          .createTopics(
              List.of(new NewTopic(topic, 1, (short) 1), new NewTopic(snapshotTopic, 2, (short) 1)))
          .all()
          .get();
    }
    // a change of row 5, published before any chunk: it must wait for the snapshot
    publish(infra, List.of(change(topic, 5, "changed", 5)));
    List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
    chunks.forEach(c -> records.add(record(snapshotTopic, c)));
    SnapshotChunk twice = chunks.get(chunks.size() - 2); // no reject, no refused row
    records.add(record(snapshotTopic, twice)); // delivered twice
    publish(infra, records);

    try (ServiceProcess cdc = applyOnly(infra, database)) {
      cdc.start();
      await()
          .atMost(Duration.ofMinutes(2))
          .until(() -> storedOffsets(jdbcUrl, snapshotTopic) == records.size());
      assertThat(query(jdbcUrl, "SELECT count(*) FROM app.items"))
          .as("every chunk copied, one of them twice; 500 and 700 rejected")
          .isEqualTo(ROWS - 2 + twice.rows());
      assertThat(storedOffsets(jdbcUrl, topic)).as("the change waits for the snapshot").isZero();
      assertThat(queryText(jdbcUrl, "SELECT name FROM app.items WHERE id = 5 LIMIT 1"))
          .isEqualTo("item 5");

      List<String[]> rejects =
          rows(
              jdbcUrl,
              "SELECT row_key, reason, chunk_row::text, kafka_topic, topic, row_data"
                  + " FROM tributary.rejects ORDER BY row_key");
      assertThat(rejects).hasSize(2);
      assertThat(rejects.get(0)[0]).isEqualTo("{\"id\":500}");
      assertThat(rejects.get(0)[1]).contains("qty").contains("five hundred");
      assertThat(rejects.get(1)[0]).isEqualTo("{\"id\":700}");
      assertThat(rejects.get(1)[1]).contains("qty_positive");
      assertThat(rejects.get(1)[5]).as("the refused row's values").contains("\"qty\":-1");
      for (String[] reject : rejects) {
        assertThat(reject[3]).isEqualTo(snapshotTopic);
        assertThat(reject[4]).isEqualTo(topic);
        assertThat(Integer.parseInt(reject[2])).isNotNegative();
      }

      // the end marker, then capture's record that Kafka holds the whole snapshot
      publish(
          infra,
          List.of(end(snapshotTopic, new SnapshotEnd(topic, 1, chunks.size(), ROWS - 1, 1))));
      execute(jdbcUrl, "UPDATE tributary.tables SET snapshot_done_at = now()");
      await().atMost(Duration.ofMinutes(2)).until(() -> storedOffsets(jdbcUrl, topic) == 1);
      assertThat(
              query(
                  jdbcUrl, "SELECT count(*) FROM tributary.tables WHERE key_built_at IS NOT NULL"))
          .isEqualTo(1);
      assertThat(query(jdbcUrl, "SELECT count(*) FROM app.items")).isEqualTo(ROWS - 2);
      assertThat(queryText(jdbcUrl, "SELECT name FROM app.items WHERE id = 5"))
          .as("the change applied after its snapshot row")
          .isEqualTo("changed");
      assertThat(
              query(
                  jdbcUrl,
                  "SELECT count(*) FROM tributary.tables WHERE snapshot_applied_rows = "
                      + (ROWS - 1)))
          .isEqualTo(1);

      // capture restarted and sent the last chunk again: upserted into the keyed table
      publish(infra, List.of(record(snapshotTopic, chunks.get(chunks.size() - 1))));
      await()
          .atMost(Duration.ofMinutes(2))
          .until(() -> storedOffsets(jdbcUrl, snapshotTopic) == records.size() + 2);
      assertThat(query(jdbcUrl, "SELECT count(*) FROM app.items")).isEqualTo(ROWS - 2);
      assertThat(queryText(jdbcUrl, "SELECT sum(qty)::text FROM app.items"))
          .isEqualTo(Long.toString((long) ROWS * (ROWS + 1) / 2 - 500 - 700));
    }
  }

  private static TableDef provision(String jdbcUrl, String migration) throws Exception {
    Path file = Files.createTempDirectory("chunk-apply").resolve("app.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, qty INTEGER)");
    }
    List<TableDef> tables =
        SqliteMigrationFixtures.recordSqliteMigration(jdbcUrl, migration, "app", "app", file);
    assertThat(query(jdbcUrl, "SELECT count(*) FROM tributary.tables WHERE bulk_load"))
        .as("made for a bulk load")
        .isEqualTo(1);
    return tables.get(0);
  }

  private static ServiceProcess applyOnly(TestInfrastructure infra, String database)
      throws Exception {
    Path log = Path.of("target", "chunk-apply-cdc.log").toAbsolutePath();
    Files.deleteIfExists(log);
    return new ServiceProcess(
        "cdc-service",
        infra,
        database,
        log,
        Map.of(
            "TRIBUTARY_CAPTURE_ENABLED",
            "false",
            "TRIBUTARY_APPLY_GROUP_ID",
            "tributary-apply-" + database));
  }

  private static ProducerRecord<String, byte[]> record(String topic, SnapshotChunk chunk) {
    ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, chunk.table(), chunk.copy());
    chunk.headers().forEach((k, v) -> r.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
    return r;
  }

  private static ProducerRecord<String, byte[]> end(String topic, SnapshotEnd end) {
    ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, end.table(), end.value());
    r.headers()
        .add(SnapshotEnd.HEADER, Long.toString(end.generation()).getBytes(StandardCharsets.UTF_8));
    return r;
  }

  private static ProducerRecord<String, byte[]> change(String topic, int id, String name, int qty) {
    ObjectNode row =
        ChangeEventCodec.MAPPER.createObjectNode().put("id", id).put("name", name).put("qty", qty);
    SourceInfo source =
        new SourceInfo("sqlite", "chunk.app", "app.db", "main", "items", "false", 1, 0);
    ObjectNode key = ChangeEventCodec.MAPPER.createObjectNode().put("id", id);
    return new ProducerRecord<>(
        topic,
        ChangeEventCodec.encodeKey(key),
        ChangeEventCodec.encodeToString(ChangeEvent.update(null, row, source, 0))
            .getBytes(StandardCharsets.UTF_8));
  }

  private static void publish(
      TestInfrastructure infra, List<ProducerRecord<String, byte[]>> records) throws Exception {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
      for (ProducerRecord<String, byte[]> r : records) {
        producer.send(r).get();
      }
    }
  }

  private static long storedOffsets(String jdbcUrl, String topic) throws SQLException {
    return query(
        jdbcUrl,
        "SELECT coalesce(sum(next_offset), 0) FROM tributary.apply_offsets WHERE topic = '"
            + topic
            + "'");
  }

  private static void execute(String jdbcUrl, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres")) {
      c.createStatement().execute(sql);
    }
  }

  private static long query(String jdbcUrl, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String queryText(String jdbcUrl, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static List<String[]> rows(String jdbcUrl, String sql) throws SQLException {
    List<String[]> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        String[] row = new String[n];
        for (int i = 0; i < n; i++) {
          row[i] = rs.getString(i + 1);
        }
        out.add(row);
      }
    }
    return out;
  }
}
