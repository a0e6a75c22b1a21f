package io.tributary.source.postgres.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.capture.pgoutput.PgoutputValueEncoder;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.event.SourcePosition;
import io.tributary.common.event.Topics;
import io.tributary.source.spi.capture.RecordTranslator.Translation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PostgresRecordTranslatorTest {
  private static final TableDef USERS =
      new TableDef(
          "letta",
          "public",
          "user",
          "letta_agents",
          "user",
          "tributary.m.letta.public.user",
          List.of(
              new ColumnDef("id", "bigint", "id", TargetType.BIGINT, 1, false),
              new ColumnDef("displayName", "text", "displayName", TargetType.TEXT, 0, true),
              new ColumnDef("born", "date", "born", TargetType.DATE, 0, true),
              new ColumnDef("seen", "timestamp", "seen", TargetType.TIMESTAMP, 0, true),
              new ColumnDef("embedding", "vector(3)", "embedding", TargetType.VECTOR, 0, true),
              new ColumnDef("photo", "bytea", "photo", TargetType.BYTEA, 0, true)));
  private static final TableDef EMPTY =
      new TableDef(
          "letta",
          "public",
          "empty",
          "letta_agents",
          "empty",
          "tributary.m.letta.public.empty",
          List.of(new ColumnDef("id", "integer", "id", TargetType.INTEGER, 1, false)));

  private static final Schema ROW =
      SchemaBuilder.struct()
          .field("id", Schema.INT64_SCHEMA)
          .field("displayName", Schema.OPTIONAL_STRING_SCHEMA)
          .field("born", SchemaBuilder.int32().name("io.debezium.time.Date").optional().build())
          .field(
              "seen",
              SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp").optional().build())
          .field(
              "embedding",
              SchemaBuilder.array(Schema.FLOAT64_SCHEMA)
                  .name("io.debezium.data.DoubleVector")
                  .optional()
                  .build())
          .field("photo", Schema.OPTIONAL_BYTES_SCHEMA)
          .optional()
          .build();
  private static final Schema SOURCE =
      SchemaBuilder.struct()
          .field("db", Schema.STRING_SCHEMA)
          .field("schema", Schema.STRING_SCHEMA)
          .field("table", Schema.STRING_SCHEMA)
          .field("snapshot", Schema.OPTIONAL_STRING_SCHEMA)
          .field("lsn", Schema.OPTIONAL_INT64_SCHEMA)
          .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
          .field("sequence", Schema.OPTIONAL_STRING_SCHEMA)
          .build();
  private static final Schema ENVELOPE =
      SchemaBuilder.struct()
          .field("before", ROW)
          .field("after", ROW)
          .field("source", SOURCE)
          .field("op", Schema.STRING_SCHEMA)
          .build();

  private final List<Long> fences = new ArrayList<>();
  private final PostgresRecordTranslator translator =
      new PostgresRecordTranslator(
          "m",
          "letta",
          List.of(USERS, EMPTY),
          3,
          (fence, offsets) -> fences.add(fence),
          topic -> 2);

  @Test
  void encodesEveryColumnByItsTargetType() throws Exception {
    Translation t = translate(change("c", null, row(7, "Ada"), null));
    assertThat(t.records()).hasSize(1);
    ProducerRecord<String, byte[]> r = t.records().get(0);
    assertThat(r.topic()).isEqualTo(USERS.topic());
    assertThat(r.key()).isEqualTo("{\"id\":7}");
    JsonNode after = ChangeEventCodec.MAPPER.readTree(r.value()).get("after");
    assertThat(after.get("displayName").asText()).isEqualTo("Ada");
    assertThat(after.get("born").asText()).isEqualTo("1970-01-08");
    assertThat(after.get("seen").asText()).isEqualTo("1970-01-01T00:00:01.000002");
    assertThat(after.get("embedding").toString()).isEqualTo("[1,-2.5,0]");
    assertThat(after.get("photo").asText()).isEqualTo("AQI=");
    JsonNode source = ChangeEventCodec.MAPPER.readTree(r.value()).get("source");
    assertThat(source.get("pos").asLong()).isEqualTo(4242);
    assertThat(source.get("connector").asText()).isEqualTo("postgresql");
  }

  @Test
  void aKeyChangeIsADeleteOfTheOldKeyAndACreateOfTheNew() throws Exception {
    Translation t = translate(change("u", row(1, "a"), row(2, "a"), null));
    assertThat(t.records())
        .extracting(ProducerRecord::key)
        .containsExactly("{\"id\":1}", "{\"id\":2}");
    assertThat(ChangeEventCodec.MAPPER.readTree(t.records().get(0).value()).get("op").asText())
        .isEqualTo("d");
    assertThat(ChangeEventCodec.MAPPER.readTree(t.records().get(1).value()).get("op").asText())
        .isEqualTo("c");
  }

  @Test
  void anUnavailableValueIsPublishedAsRejectedWithItsReason() {
    Struct after = row(3, PgoutputValueEncoder.UNAVAILABLE);
    Translation t = translate(change("u", null, after, null));
    assertThat(t.records()).hasSize(1);
    assertThat(
            new String(
                t.records().get(0).headers().lastHeader(Topics.REJECT_HEADER).value(),
                StandardCharsets.UTF_8))
        .contains("displayName", "replica identity is not FULL");
  }

  @Test
  void aFenceOfThisSourceBecomesAMarkerOnEveryPartitionOfEveryTableTopic() {
    Schema message =
        SchemaBuilder.struct()
            .field("prefix", Schema.STRING_SCHEMA)
            .field("content", Schema.BYTES_SCHEMA)
            .build();
    Schema envelope =
        SchemaBuilder.struct()
            .field("op", Schema.STRING_SCHEMA)
            .field("source", SOURCE)
            .field("message", message)
            .build();
    Struct value =
        new Struct(envelope)
            .put("op", "m")
            .put("source", source(null))
            .put(
                "message",
                new Struct(message)
                    .put("prefix", "tributary")
                    .put(
                        "content",
                        "{\"fence\":5,\"migration\":\"m\",\"source\":\"letta\"}"
                            .getBytes(StandardCharsets.UTF_8)));
    Translation t = translator.translate(record(value));
    assertThat(t.records())
        .extracting(r -> r.topic() + "/" + r.partition())
        .containsExactly(
            USERS.topic() + "/0", USERS.topic() + "/1", EMPTY.topic() + "/0", EMPTY.topic() + "/1");
    assertThat(t.records().get(0).headers().lastHeader(Topics.FENCE_HEADER).value())
        .isEqualTo("5".getBytes(StandardCharsets.UTF_8));
    List<RecordMetadata> acks = new ArrayList<>();
    for (ProducerRecord<String, byte[]> r : t.records()) {
      acks.add(new RecordMetadata(new TopicPartition(r.topic(), r.partition()), 10, 0, 0, 0, 0));
    }
    t.onAcknowledged().accept(acks);
    assertThat(fences).containsExactly(5L);

    // a fence of another migration on the same database is not ours
    value
        .getStruct("message")
        .put(
            "content",
            "{\"fence\":6,\"migration\":\"other\",\"source\":\"letta\"}"
                .getBytes(StandardCharsets.UTF_8));
    assertThat(translator.translate(record(value)).records()).isEmpty();
  }

  @Test
  void aSnapshotTakenBeforeStreamingMovesLaterRecordsToItsGeneration() {
    assertThat(generationOf(translate(change("c", null, row(1, "a"), null)).records().get(0)))
        .isEqualTo("3");
    translator.snapshotTaken(4);
    assertThat(generationOf(translate(change("u", null, row(1, "b"), null)).records().get(0)))
        .isEqualTo("4");
  }

  @Test
  void aSnapshotReadIsNotExpectedFromDebeziumAndIsRejected() {
    // Debezium streams only (snapshot.mode=no_data): a read it sends anyway is kept as a reject
    Translation read = translate(change("r", null, row(1, "a"), "true"));
    assertThat(read.records()).hasSize(1);
    assertThat(
            new String(
                read.records().get(0).headers().lastHeader(Topics.REJECT_HEADER).value(),
                StandardCharsets.UTF_8))
        .contains("unexpected operation 'r'");
  }

  @Test
  void tablesOutsideTheCatalogAndHeartbeatsPublishNothing() {
    Struct value = change("c", null, row(1, "a"), null);
    value.getStruct("source").put("table", "other");
    assertThat(translator.translate(record(value)).records()).isEmpty();
    Schema heartbeat = SchemaBuilder.struct().field("ts_ms", Schema.INT64_SCHEMA).build();
    assertThat(translator.translate(record(new Struct(heartbeat).put("ts_ms", 1L))).records())
        .isEmpty();
  }

  @Test
  @DisplayName("Changes carry their position (generation, last commit, LSN, rank at that LSN)")
  void changesCarryTheirPositions() {
    Struct insert = change("c", null, row(1, "a"), "false");
    insert.getStruct("source").put("sequence", "[\"100\",\"200\"]");
    assertThat(positions(translate(insert))).containsExactly("3/100/200/0");

    // a key change: a delete and an insert at one LSN, ranked
    Struct rekey = change("u", row(1, "a"), row(2, "a"), "false");
    rekey.getStruct("source").put("sequence", "[\"100\",\"300\"]");
    assertThat(positions(translate(rekey))).containsExactly("3/100/300/0", "3/100/300/1");

    // rows of one COPY page: one LSN, ranked in the order published
    Struct first = change("c", null, row(3, "c"), "false");
    first.getStruct("source").put("sequence", "[\"100\",\"400\"]");
    Struct second = change("c", null, row(4, "d"), "false");
    second.getStruct("source").put("sequence", "[\"100\",\"400\"]");
    assertThat(positions(translate(first))).containsExactly("3/100/400/0");
    assertThat(positions(translate(second))).containsExactly("3/100/400/1");

    // no last commit (an engine started without stored offsets: the stream-only capture after a
    // fallback): the change's LSN stands for it, so the position is above every earlier one —
    // as 0 it sorted below what apply had applied, and apply skipped the change
    Struct next = change("d", row(3, "c"), null, "false");
    next.getStruct("source").put("sequence", "[null,\"500\"]");
    assertThat(positions(translate(next))).containsExactly("3/500/500/0");
    assertThat(SourcePosition.parse(bytes("3/500/500/0")))
        .isGreaterThan(SourcePosition.parse(bytes("3/100/400/1")));
    // no sequence: the LSN alone
    Struct bare = change("d", row(4, "d"), null, "false");
    assertThat(positions(translate(bare))).containsExactly("3/4242/4242/0");
  }

  private static byte[] bytes(String header) {
    return header.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> positions(Translation t) {
    return t.records().stream()
        .map(
            r ->
                new String(
                    r.headers().lastHeader(Topics.POSITION_HEADER).value(), StandardCharsets.UTF_8))
        .toList();
  }

  private static String generationOf(ProducerRecord<String, byte[]> record) {
    return new String(
        record.headers().lastHeader(Topics.GENERATION_HEADER).value(), StandardCharsets.UTF_8);
  }

  private static Struct row(long id, String name) {
    return new Struct(ROW)
        .put("id", id)
        .put("displayName", name)
        .put("born", 7)
        .put("seen", 1_000_002L)
        .put("embedding", List.of(1.0, -2.5, 0.0))
        .put("photo", new byte[] {1, 2});
  }

  private static Struct source(String snapshot) {
    return new Struct(SOURCE)
        .put("db", "letta")
        .put("schema", "public")
        .put("table", "user")
        .put("snapshot", snapshot)
        .put("lsn", 4242L)
        .put("ts_ms", 1L);
  }

  private static Struct change(String op, Struct before, Struct after, String snapshot) {
    return new Struct(ENVELOPE)
        .put("before", before)
        .put("after", after)
        .put("source", source(snapshot))
        .put("op", op);
  }

  private Translation translate(Struct value) {
    return translator.translate(record(value));
  }

  private static SourceRecord record(Struct value) {
    return new SourceRecord(Map.of(), Map.of(), "x", null, null, value.schema(), value);
  }
}
