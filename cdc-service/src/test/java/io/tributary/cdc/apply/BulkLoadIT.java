package io.tributary.cdc.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.event.ChangeEvent;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.event.SourceInfo;
import io.tributary.common.event.Topics;
import io.tributary.common.plan.ColumnRule;
import io.tributary.common.plan.TableRule;
import io.tributary.testing.IncompressibleText;
import io.tributary.testing.ServiceProcess;
import io.tributary.testing.SqliteMigrationFixtures;
import io.tributary.testing.TestInfrastructure;
import io.tributary.testing.TributaryInfraExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The bulk load (DESIGN.md, Apply): apply alone (the packaged cdc-service with capture off) against
 * a topic filled beforehand with a snapshot that at-least-once delivery brought partly twice and
 * that holds rows the target refuses. The rows go in by COPY into the table made without its key;
 * the key is built once the snapshot is in — when capture has delivered it whole and apply has
 * written it, or at the table's first change — keeping the copy of each key written last; the
 * refused rows are rejected one by one with their reasons; changes after it go in by upsert.
 */
@ExtendWith(TributaryInfraExtension.class)
class BulkLoadIT {
  static {
    try {
      Class.forName("org.sqlite.JDBC");
      Class.forName("org.postgresql.Driver");
    } catch (ClassNotFoundException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final int ROWS = 20_000;

  @Test
  @DisplayName(
      "A snapshot with rows delivered twice and rows the target refuses is copied; once delivered"
          + " whole its key is built keeping the last copy; refused rows are rejected with their"
          + " reasons; later changes go in by upsert")
  void snapshotIsCopiedThenKeyed(TestInfrastructure infra) throws Exception {
    String database = infra.createTargetDatabase("bulkload");
    String jdbcUrl = infra.jdbcUrl(database);
    String topic = provision(jdbcUrl, "bulkload");
    execute(jdbcUrl, "ALTER TABLE app.items ADD CONSTRAINT qty_positive CHECK (qty >= 0)");
    List<ProducerRecord<String, String>> records = new ArrayList<>();
    long[] pos = {0};
    for (int id = 1; id <= ROWS; id++) {
      records.add(read(topic, id, "item " + id, id == 700 ? "-1" : Integer.toString(id), ++pos[0]));
    }
    // delivered twice: capture restarted mid-snapshot and read these rows again, one changed since
    for (int id = 100; id < 200; id++) {
      records.add(
          read(topic, id, id == 150 ? "changed" : "item " + id, Integer.toString(id), ++pos[0]));
    }
    records.add(read(topic, 500, "item 500", "\"five hundred\"", ++pos[0])); // no bigint
    records.add(read(topic, 600, "nul\u0000inside", "600", ++pos[0])); // PostgreSQL has no NUL
    publish(infra.kafkaBootstrapServers(), topic, records);

    try (ServiceProcess cdc = applyOnly(infra, database, "bulk-load-cdc.log")) {
      cdc.start();
      awaitApplied(jdbcUrl, topic, records.size());
      assertThat(keyBuilt(jdbcUrl, topic))
          .as("capture has not said the snapshot is whole")
          .isFalse();
      assertThat(query(jdbcUrl, "SELECT count(*) FROM app.items"))
          .as(
              "copied as delivered: 100 keys twice, 700 refused by the CHECK, the second copies"
                  + " of 500 and 600 rejected (values that do not fit)")
          .isEqualTo(ROWS + 100 - 1);
      assertThat(
              query(
                  jdbcUrl, "SELECT count(*) FROM pg_index WHERE indrelid = 'app.items'::regclass"))
          .as("no key while the snapshot is copied")
          .isZero();
      assertThat(rejectReasons(jdbcUrl))
          .hasSize(3)
          .anySatisfy(r -> assertThat(r).startsWith("500:").contains("qty"))
          .anySatisfy(r -> assertThat(r).startsWith("600:").contains("NUL"))
          .anySatisfy(
              r -> assertThat(r).startsWith("700:").contains("23514").contains("qty_positive"));

      // capture records that it delivered the whole snapshot: apply builds the key
      execute(
          jdbcUrl,
          "UPDATE tributary.tables SET snapshot_done_at = now(), snapshot_applied_at = now(), snapshot_rows = "
              + (ROWS + 2)
              + " WHERE topic = '"
              + topic
              + "'");
      await().atMost(Duration.ofMinutes(1)).until(() -> keyBuilt(jdbcUrl, topic));
      assertThat(query(jdbcUrl, "SELECT count(*) FROM app.items")).isEqualTo(ROWS - 1);
      assertThat(
              query(jdbcUrl, "SELECT count(*) FROM app.items WHERE name = 'changed' AND id = 150"))
          .as("the copy delivered last wins")
          .isEqualTo(1);
      assertThat(
              query(
                  jdbcUrl,
                  "SELECT count(*) FROM pg_index WHERE indrelid = 'app.items'::regclass AND indisprimary"))
          .isEqualTo(1);
      assertThat(
              query(
                  jdbcUrl,
                  "SELECT count(*) FROM pg_class WHERE oid = 'app.items'::regclass AND reloptions IS NULL"))
          .as("autovacuum back on")
          .isEqualTo(1);

      // changes after the snapshot: upserts and deletes by key
      List<ProducerRecord<String, String>> changes = new ArrayList<>();
      changes.add(change(topic, ChangeOp.UPDATE, 1, "updated", 1, ++pos[0]));
      changes.add(change(topic, ChangeOp.DELETE, 2, null, 0, ++pos[0]));
      changes.add(change(topic, ChangeOp.INSERT, ROWS + 1, "new", 7, ++pos[0]));
      publish(infra.kafkaBootstrapServers(), topic, changes);
      await()
          .atMost(Duration.ofMinutes(1))
          .until(
              () -> query(jdbcUrl, "SELECT count(*) FROM app.items WHERE id = " + (ROWS + 1)) == 1);
      assertThat(query(jdbcUrl, "SELECT count(*) FROM app.items")).isEqualTo(ROWS - 1);
      assertThat(query(jdbcUrl, "SELECT count(*) FROM app.items WHERE id = 1 AND name = 'updated'"))
          .isEqualTo(1);
      assertThat(query(jdbcUrl, "SELECT count(*) FROM app.items WHERE id = 2")).isZero();
    }
  }

  @Test
  @DisplayName(
      "A table's first change builds its key first (older copies of keys delivered twice removed),"
          + " then the change is applied by upsert")
  void firstChangeBuildsTheKey(TestInfrastructure infra) throws Exception {
    String database = infra.createTargetDatabase("bulkchange");
    String jdbcUrl = infra.jdbcUrl(database);
    String topic = provision(jdbcUrl, "bulkchange");
    List<ProducerRecord<String, String>> records = new ArrayList<>();
    long pos = 0;
    for (int id = 1; id <= 1000; id++) {
      records.add(read(topic, id, "item " + id, Integer.toString(id), ++pos));
    }
    publish(infra.kafkaBootstrapServers(), topic, records);
    try (ServiceProcess cdc = applyOnly(infra, database, "bulk-change-cdc.log")) {
      cdc.start();
      await()
          .atMost(Duration.ofMinutes(2))
          .until(() -> query(jdbcUrl, "SELECT count(*) FROM app.items") == 1000);
      // delivered again in a later batch (within one batch, the last copy of a key is kept)
      List<ProducerRecord<String, String>> again = new ArrayList<>();
      for (int id = 1; id <= 10; id++) {
        again.add(read(topic, id, "again " + id, Integer.toString(id), ++pos));
      }
      publish(infra.kafkaBootstrapServers(), topic, again);
      await()
          .atMost(Duration.ofMinutes(1))
          .until(() -> query(jdbcUrl, "SELECT count(*) FROM app.items") == 1010);
      publish(
          infra.kafkaBootstrapServers(),
          topic,
          List.of(change(topic, ChangeOp.UPDATE, 5, "changed", 5, ++pos)));
      await().atMost(Duration.ofMinutes(1)).until(() -> keyBuilt(jdbcUrl, topic));
      await()
          .atMost(Duration.ofMinutes(1))
          .until(
              () ->
                  query(jdbcUrl, "SELECT count(*) FROM app.items WHERE id = 5 AND name = 'changed'")
                      == 1);
      assertThat(query(jdbcUrl, "SELECT count(*) FROM app.items")).isEqualTo(1000);
      assertThat(query(jdbcUrl, "SELECT count(*) FROM app.items WHERE name LIKE 'again %'"))
          .isEqualTo(9);
    }
  }

  @Test
  @DisplayName(
      "Rows that keep the key from being built — a key too large for an index row, two source rows"
          + " that meet on one key once cast — are rejected with their reasons and taken out; a row"
          + " delivered twice is kept once without a reject; the key is built and changes stream on")
  void rowsThatKeepTheKeyFromBeingBuiltAreRejected(TestInfrastructure infra) throws Exception {
    String database = infra.createTargetDatabase("keyrefused");
    String jdbcUrl = infra.jdbcUrl(database);
    String topic = provisionDocs(jdbcUrl, "keyrefused");
    String huge = IncompressibleText.of(10_000);
    String upper = "6F9619FF-8B86-D011-B42D-00C04FC964FF";
    String lower = upper.toLowerCase(Locale.ROOT);
    List<ProducerRecord<String, String>> records = new ArrayList<>();
    long[] pos = {0};
    int rows = 3_000;
    for (int i = 1; i <= rows; i++) {
      records.add(doc(topic, "c" + i, uuid(i), "row " + i, "r", ++pos[0]));
    }
    records.add(doc(topic, huge, uuid(1), "huge key", "r", ++pos[0])); // (a) too large
    records.add(doc(topic, "dup", upper, "upper", "r", ++pos[0])); // (b) meets the next one
    // delivered twice: capture restarted mid-snapshot and read these rows again
    for (int i = 1; i <= 10; i++) {
      records.add(doc(topic, "c" + i, uuid(i), i == 5 ? "changed" : "row " + i, "r", ++pos[0]));
    }
    records.add(doc(topic, "dup", lower, "lower", "r", ++pos[0])); // (b), one uuid once cast
    publish(infra.kafkaBootstrapServers(), topic, records);

    try (ServiceProcess cdc =
        applyOnly(
            infra,
            database,
            "key-refused-cdc.log",
            Map.of("TRIBUTARY_APPLY_MAX_POLL_RECORDS", "500"))) {
      cdc.start();
      awaitApplied(jdbcUrl, topic, records.size());
      assertThat(query(jdbcUrl, "SELECT count(*) FROM app.docs"))
          .as("copied as delivered, before the key: every record a row")
          .isEqualTo(records.size());
      assertThat(query(jdbcUrl, "SELECT count(*) FROM tributary.rejects")).isZero();

      execute(
          jdbcUrl,
          "UPDATE tributary.tables SET snapshot_done_at = now(), snapshot_applied_at = now(), snapshot_rows = "
              + records.size()
              + " WHERE topic = '"
              + topic
              + "'");
      await().atMost(Duration.ofMinutes(1)).until(() -> keyBuilt(jdbcUrl, topic));

      assertThat(
              query(
                  jdbcUrl,
                  "SELECT count(*) FROM pg_index WHERE indrelid = 'app.docs'::regclass AND"
                      + " indisprimary"))
          .isEqualTo(1);
      assertThat(
              query(
                  jdbcUrl,
                  "SELECT count(*) FROM pg_attribute WHERE attrelid = 'app.docs'::regclass AND"
                      + " attname LIKE '\\_tributary\\_%' AND NOT attisdropped"))
          .as("the provenance columns are dropped with the key built")
          .isZero();
      List<Map<String, String>> rejects = rejects(jdbcUrl);
      assertThat(rejects).as("the two rows that kept the key from being built").hasSize(2);
      assertThat(rejects)
          .anySatisfy(
              r -> {
                assertThat(r.get("row_key")).contains(huge);
                assertThat(r.get("reason"))
                    .contains("the key \"docs_pkey\" (code, ref) cannot hold this row")
                    .contains("column \"code\"")
                    .contains("54000")
                    .contains("index row");
                assertThat(r.get("row_data")).contains("huge key");
              })
          .anySatisfy(
              r -> {
                assertThat(r.get("row_key")).contains(upper);
                assertThat(r.get("reason"))
                    .contains("the key \"docs_pkey\" (code, ref) cannot hold this row")
                    .contains(lower)
                    .contains("which stays")
                    .contains("23505");
                assertThat(r.get("row_data")).contains("upper");
              });
      assertThat(query(jdbcUrl, "SELECT count(*) FROM app.docs"))
          .as("every other row once")
          .isEqualTo(rows + 1);
      assertThat(
              query(
                  jdbcUrl,
                  "SELECT count(*) FROM (SELECT code FROM app.docs GROUP BY code, ref"
                      + " HAVING count(*) > 1) d"))
          .isZero();
      assertThat(queryText(jdbcUrl, "SELECT body FROM app.docs WHERE code = 'dup'"))
          .isEqualTo("lower");
      assertThat(queryText(jdbcUrl, "SELECT body FROM app.docs WHERE code = 'c5'"))
          .as("of a row delivered twice, the copy delivered last")
          .isEqualTo("changed");
      assertThat(
              query(
                  jdbcUrl,
                  "SELECT count(*) FROM app.docs WHERE code ~ '^c[0-9]+$' AND body"
                      + " = 'row ' || substr(code, 2)"))
          .isEqualTo(rows - 1);
      assertThat(rejectTopicReasons(infra.kafkaBootstrapServers(), 2))
          .as("published on the rejects topic too")
          .anySatisfy(r -> assertThat(r).contains("54000"))
          .anySatisfy(r -> assertThat(r).contains("23505"));

      // changes after the key: upserts and deletes by key; a change of the too large key is
      // rejected again, as any change of a row the target cannot hold
      List<ProducerRecord<String, String>> changes = new ArrayList<>();
      changes.add(doc(topic, "c1", uuid(1), "updated", "u", ++pos[0]));
      changes.add(deleteDoc(topic, "c2", uuid(2), ++pos[0]));
      changes.add(doc(topic, "new", uuid(rows + 1), "inserted", "c", ++pos[0]));
      changes.add(doc(topic, huge, uuid(1), "huge again", "u", ++pos[0]));
      publish(infra.kafkaBootstrapServers(), topic, changes);
      await()
          .atMost(Duration.ofMinutes(1))
          .until(() -> query(jdbcUrl, "SELECT count(*) FROM tributary.rejects") == 3);
      assertThat(queryText(jdbcUrl, "SELECT body FROM app.docs WHERE code = 'c1'"))
          .isEqualTo("updated");
      assertThat(query(jdbcUrl, "SELECT count(*) FROM app.docs WHERE code = 'c2'")).isZero();
      assertThat(queryText(jdbcUrl, "SELECT body FROM app.docs WHERE code = 'new'"))
          .isEqualTo("inserted");
      assertThat(query(jdbcUrl, "SELECT count(*) FROM app.docs")).isEqualTo(rows + 1);
      assertThat(
              queryText(
                  jdbcUrl,
                  "SELECT reason FROM tributary.rejects ORDER BY kafka_offset DESC LIMIT 1"))
          .contains("54000");
    }
  }

  /** A table keyed by text and a uuid cast from text (two spellings of one uuid meet). */
  private static String provisionDocs(String jdbcUrl, String migration) throws Exception {
    Path file = Files.createTempDirectory("bulk-load").resolve("app.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      st.execute(
          "CREATE TABLE docs (code TEXT NOT NULL, ref TEXT NOT NULL, body TEXT,"
              + " PRIMARY KEY (code, ref))");
    }
    List<TableDef> tables =
        SqliteMigrationFixtures.recordSqliteMigration(
            jdbcUrl,
            migration,
            "app",
            "app",
            file,
            Map.of(
                "docs",
                new TableRule(
                    null, Map.of("ref", new ColumnRule(null, "uuid", null, null, null)), null)));
    assertThat(query(jdbcUrl, "SELECT count(*) FROM tributary.tables WHERE bulk_load"))
        .as("made for a bulk load")
        .isEqualTo(1);
    return tables.get(0).topic();
  }

  private static String uuid(int i) {
    return String.format("00000000-0000-4000-8000-%012d", i);
  }

  /** A snapshot read ({@code r}), insert ({@code c}) or update ({@code u}) of a doc. */
  private static ProducerRecord<String, String> doc(
      String topic, String code, String ref, String body, String op, long pos) {
    ObjectNode row =
        ChangeEventCodec.MAPPER
            .createObjectNode()
            .put("code", code)
            .put("ref", ref)
            .put("body", body);
    SourceInfo source =
        new SourceInfo(
            "sqlite",
            "bulk.app",
            "app.db",
            "main",
            "docs",
            op.equals("r") ? "true" : "false",
            pos,
            0);
    ChangeEvent event =
        switch (op) {
          case "r" -> ChangeEvent.read(row, source, 0);
          case "c" -> ChangeEvent.insert(row, source, 0);
          default -> ChangeEvent.update(null, row, source, 0);
        };
    return docRecord(topic, code, ref, event);
  }

  private static ProducerRecord<String, String> deleteDoc(
      String topic, String code, String ref, long pos) {
    ObjectNode key = ChangeEventCodec.MAPPER.createObjectNode().put("code", code).put("ref", ref);
    SourceInfo source =
        new SourceInfo("sqlite", "bulk.app", "app.db", "main", "docs", "false", pos, 0);
    return docRecord(topic, code, ref, ChangeEvent.delete(key, source, 0));
  }

  private static ProducerRecord<String, String> docRecord(
      String topic, String code, String ref, ChangeEvent event) {
    ObjectNode key = ChangeEventCodec.MAPPER.createObjectNode().put("code", code).put("ref", ref);
    return new ProducerRecord<>(
        topic, ChangeEventCodec.encodeKey(key), ChangeEventCodec.encodeToString(event));
  }

  /** The reasons of the first {@code count} messages on the rejects topic. */
  private static List<String> rejectTopicReasons(String bootstrap, int count) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "reject-reader-" + System.nanoTime());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    List<String> reasons = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
      consumer.subscribe(List.of(Topics.REJECTS));
      await()
          .atMost(Duration.ofMinutes(1))
          .until(
              () -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                  reasons.add(ChangeEventCodec.MAPPER.readTree(r.value()).path("reason").asText());
                }
                return reasons.size() >= count;
              });
    }
    return reasons;
  }

  private static List<Map<String, String>> rejects(String jdbcUrl) throws SQLException {
    List<Map<String, String>> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT row_key, row_data, reason FROM tributary.rejects ORDER BY id")) {
      while (rs.next()) {
        out.add(
            Map.of(
                "row_key",
                rs.getString(1),
                "row_data",
                rs.getString(2),
                "reason",
                rs.getString(3)));
      }
    }
    return out;
  }

  private static String queryText(String jdbcUrl, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static String provision(String jdbcUrl, String migration) throws Exception {
    Path file = Files.createTempDirectory("bulk-load").resolve("app.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, qty INTEGER)");
    }
    List<TableDef> tables =
        SqliteMigrationFixtures.recordSqliteMigration(jdbcUrl, migration, "app", "app", file);
    assertThat(query(jdbcUrl, "SELECT count(*) FROM tributary.tables WHERE bulk_load"))
        .as("made for a bulk load")
        .isEqualTo(1);
    return tables.get(0).topic();
  }

  private static ServiceProcess applyOnly(TestInfrastructure infra, String database, String log)
      throws Exception {
    return applyOnly(infra, database, log, Map.of());
  }

  private static ServiceProcess applyOnly(
      TestInfrastructure infra, String database, String log, Map<String, String> more)
      throws Exception {
    Path file = Path.of("target", log).toAbsolutePath();
    Files.deleteIfExists(file);
    Map<String, String> env = new HashMap<>(more);
    env.put("TRIBUTARY_CAPTURE_ENABLED", "false");
    env.put("TRIBUTARY_APPLY_GROUP_ID", "tributary-apply-" + database);
    return new ServiceProcess("cdc-service", infra, database, file, env);
  }

  private enum ChangeOp {
    INSERT,
    UPDATE,
    DELETE
  }

  private static ProducerRecord<String, String> read(
      String topic, int id, String name, String qtyJson, long pos) {
    ObjectNode row = ChangeEventCodec.MAPPER.createObjectNode().put("id", id).put("name", name);
    try {
      row.set("qty", ChangeEventCodec.MAPPER.readTree(qtyJson));
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
    return record(topic, id, ChangeEvent.read(row, source(pos, "true"), 0));
  }

  private static ProducerRecord<String, String> change(
      String topic, ChangeOp op, int id, String name, int qty, long pos) {
    ObjectNode row =
        ChangeEventCodec.MAPPER.createObjectNode().put("id", id).put("name", name).put("qty", qty);
    SourceInfo source = source(pos, "false");
    ChangeEvent event =
        switch (op) {
          case INSERT -> ChangeEvent.insert(row, source, 0);
          case UPDATE -> ChangeEvent.update(null, row, source, 0);
          case DELETE ->
              ChangeEvent.delete(
                  ChangeEventCodec.MAPPER.createObjectNode().put("id", id), source, 0);
        };
    return record(topic, id, event);
  }

  private static SourceInfo source(long pos, String snapshot) {
    return new SourceInfo("sqlite", "bulk.app", "app.db", "main", "items", snapshot, pos, 0);
  }

  private static ProducerRecord<String, String> record(String topic, int id, ChangeEvent event) {
    ObjectNode key = ChangeEventCodec.MAPPER.createObjectNode().put("id", id);
    return new ProducerRecord<>(
        topic, ChangeEventCodec.encodeKey(key), ChangeEventCodec.encodeToString(event));
  }

  private static void publish(
      String bootstrap, String topic, List<ProducerRecord<String, String>> records)
      throws Exception {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(props)) {
      if (!admin.listTopics().names().get().contains(topic)) {
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
      }
    }
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
      records.forEach(producer::send);
      producer.flush();
    }
  }

  /** Waits until apply has stored offsets past {@code records} records of the topic. */
  private static void awaitApplied(String jdbcUrl, String topic, int records) {
    await()
        .atMost(Duration.ofMinutes(2))
        .until(
            () ->
                query(
                        jdbcUrl,
                        "SELECT coalesce(sum(next_offset), 0) FROM tributary.apply_offsets"
                            + " WHERE topic = '"
                            + topic
                            + "'")
                    == records);
  }

  private static boolean keyBuilt(String jdbcUrl, String topic) throws SQLException {
    return query(
            jdbcUrl,
            "SELECT count(*) FROM tributary.tables WHERE key_built_at IS NOT NULL AND topic = '"
                + topic
                + "'")
        == 1;
  }

  private static List<String> rejectReasons(String jdbcUrl) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT (row_key::jsonb->>'id') || ': ' || reason FROM tributary.rejects"
                        + " ORDER BY kafka_offset")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
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
}
