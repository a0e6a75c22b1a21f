package io.tributary.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tributary.common.event.ChangeEvent;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.event.SourceInfo;
import io.tributary.common.event.Topics;
import io.tributary.testing.TributaryTestResource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Apply's side of a restarted snapshot, on a table topic with two partitions: the first reset
 * marker empties the target table, records of the replaced generation that arrive later on the
 * other partition are ignored, the second partition's marker changes nothing, and the new
 * generation's records are applied. Records are produced directly, as capture would publish them.
 */
@QuarkusTest
@QuarkusTestResource(TributaryTestResource.class)
@TestProfile(SnapshotResetIT.ApplyOnly.class)
class SnapshotResetIT {
  /**
   * Capture off: this test publishes every record itself, and a capture of its (empty) SQLite file
   * would start a snapshot generation of its own.
   */
  public static class ApplyOnly implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("tributary.capture.enabled", "false");
    }
  }

  @ConfigProperty(name = "tributary.test.jdbc-url")
  String jdbcUrl;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @Test
  @DisplayName(
      "A reset marker replaces the table with the new snapshot generation, on every partition;"
          + " a marker capture did not record empties nothing")
  void resetReplacesTheOlderGeneration() throws Exception {
    Path file = Files.createTempDirectory("tributary-it").resolve("reset.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      c.createStatement().execute("CREATE TABLE items (id INTEGER PRIMARY KEY, v TEXT)");
    }
    String topic = Topics.tableTopic("reset", "src", "main", "items");
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
    }
    ControlFixtures.recordSqliteMigration(jdbcUrl, "reset", "src", "reset_src", file);

    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      // generation 1: ids 1..100, even ids on partition 0, odd on 1
      List<ProducerRecord<String, String>> first = new ArrayList<>();
      for (int id = 1; id <= 100; id++) {
        first.add(change(topic, id, "first " + id, 1));
      }
      send(producer, first);
      await()
          .atMost(Duration.ofMinutes(1))
          .until(() -> count("SELECT count(*) FROM reset_src.items") == 100);

      // a marker capture did not record (anyone may write to a topic) empties nothing
      send(producer, List.of(marker(topic, 0, 2)));
      await()
          .atMost(Duration.ofMinutes(1))
          .until(
              () ->
                  count(
                          "SELECT next_offset FROM tributary.apply_offsets WHERE topic = '"
                              + topic
                              + "' AND kafka_partition = 0")
                      == 51);
      assertThat(count("SELECT count(*) FROM reset_src.items")).isEqualTo(100);
      assertThat(
              count(
                  "SELECT generation FROM tributary.apply_generations WHERE topic = '"
                      + topic
                      + "'"))
          .isZero();

      // capture records generation 2 before it publishes the markers
      try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres")) {
        c.createStatement()
            .execute(
                "UPDATE tributary.sources SET snapshot_generation = 2"
                    + " WHERE migration_id = 'reset' AND name = 'src'");
      }
      // generation 2 starts on partition 0 only: the table is emptied, then its even rows arrive
      List<ProducerRecord<String, String>> second = new ArrayList<>();
      second.add(marker(topic, 0, 2));
      for (int id = 1000; id <= 1010; id += 2) {
        second.add(change(topic, id, "second " + id, 2));
      }
      send(producer, second);
      await()
          .atMost(Duration.ofMinutes(1))
          .until(() -> count("SELECT count(*) FROM reset_src.items") == 6);

      // partition 1 is behind: generation-1 records still come before its marker and are ignored
      List<ProducerRecord<String, String>> late = new ArrayList<>();
      late.add(change(topic, 1, "stale update", 1));
      late.add(change(topic, 9999, "stale insert", 1));
      late.add(marker(topic, 1, 2));
      for (int id = 1001; id <= 1011; id += 2) {
        late.add(change(topic, id, "second " + id, 2));
      }
      send(producer, late);
      await()
          .atMost(Duration.ofMinutes(1))
          .until(() -> count("SELECT count(*) FROM reset_src.items") == 12);
    }
    assertThat(count("SELECT count(*) FROM reset_src.items WHERE v NOT LIKE 'second %'")).isZero();
    assertThat(count("SELECT min(id) FROM reset_src.items")).isEqualTo(1000);
    assertThat(count("SELECT max(id) FROM reset_src.items")).isEqualTo(1011);
    assertThat(
            count(
                "SELECT generation FROM tributary.apply_generations WHERE topic = '" + topic + "'"))
        .isEqualTo(2);
    // every record, ignored ones included, is behind the stored positions
    assertThat(
            count(
                "SELECT sum(next_offset) FROM tributary.apply_offsets WHERE topic = '"
                    + topic
                    + "'"))
        .isEqualTo(100 + 1 + 1 + 6 + 2 + 1 + 6);
    assertThat(count("SELECT count(*) FROM tributary.rejects WHERE migration_id = 'reset'"))
        .isZero();
  }

  private static ProducerRecord<String, String> change(
      String topic, long id, String value, long generation) {
    SourceInfo info =
        new SourceInfo("postgresql", "reset.src", "db", "main", "items", "false", id, 0);
    ChangeEvent event =
        ChangeEvent.insert(
            ChangeEventCodec.MAPPER.createObjectNode().put("id", id).put("v", value), info, 0);
    ProducerRecord<String, String> record =
        new ProducerRecord<>(
            topic, (int) (id % 2), "{\"id\":" + id + "}", ChangeEventCodec.encodeToString(event));
    record
        .headers()
        .add(
            new RecordHeader(
                Topics.GENERATION_HEADER,
                Long.toString(generation).getBytes(StandardCharsets.UTF_8)));
    return record;
  }

  private static ProducerRecord<String, String> marker(
      String topic, int partition, long generation) {
    ProducerRecord<String, String> record =
        new ProducerRecord<>(topic, partition, null, "{\"reset\":" + generation + "}");
    record
        .headers()
        .add(
            new RecordHeader(
                Topics.RESET_HEADER, Long.toString(generation).getBytes(StandardCharsets.UTF_8)));
    return record;
  }

  private static void send(
      KafkaProducer<String, String> producer, List<ProducerRecord<String, String>> records)
      throws Exception {
    for (ProducerRecord<String, String> r : records) {
      producer.send(r).get();
    }
  }

  private long count(String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
