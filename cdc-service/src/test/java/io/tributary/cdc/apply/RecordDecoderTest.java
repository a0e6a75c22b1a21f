package io.tributary.cdc.apply;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.event.ChangeEvent;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.event.SourceInfo;
import io.tributary.common.event.Topics;
import io.tributary.common.sql.TargetType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The apply decoder on records alone: no Kafka, no PostgreSQL. */
class RecordDecoderTest {
  private static final String ITEMS = "tributary.m.app.main.items";
  private static final String NOTES = "tributary.m.app.main.notes";

  private static AppliedTable table(String name, String topic) {
    return AppliedTable.of(
        "m",
        new TableDef(
            "app",
            "main",
            name,
            "app",
            name,
            topic,
            List.of(
                new ColumnDef("id", "INTEGER", "id", TargetType.BIGINT, 1, false),
                new ColumnDef("qty", "INTEGER", "qty", TargetType.INTEGER, 0, true))),
        true);
  }

  private static final AppliedTable ITEMS_TABLE = table("items", ITEMS);
  private static final AppliedTable NOTES_TABLE = table("notes", NOTES);

  private final RecordDecoder decoder =
      new RecordDecoder(topic -> Map.of(ITEMS, ITEMS_TABLE, NOTES, NOTES_TABLE).get(topic));

  private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
  private long pos;

  private ConsumerRecord<String, byte[]> add(
      String topic, int partition, String key, byte[] value) {
    long offset =
        records.stream().filter(r -> r.topic().equals(topic) && r.partition() == partition).count();
    ConsumerRecord<String, byte[]> r = new ConsumerRecord<>(topic, partition, offset, key, value);
    records.add(r);
    return r;
  }

  private ConsumerRecord<String, byte[]> change(String topic, ChangeEvent event, long id) {
    return add(
        topic,
        0,
        "{\"id\":" + id + "}",
        ChangeEventCodec.encodeToString(event).getBytes(StandardCharsets.UTF_8));
  }

  private ObjectNode row(long id, Object qty) {
    ObjectNode row = ChangeEventCodec.MAPPER.createObjectNode().put("id", id);
    if (qty instanceof Integer i) {
      row.put("qty", i);
    } else {
      row.put("qty", String.valueOf(qty));
    }
    return row;
  }

  private SourceInfo source() {
    return new SourceInfo("sqlite", "m.app", "app.db", "main", "items", "false", ++pos, 0);
  }

  private DecodedBatch decode() {
    Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> byPartition = new LinkedHashMap<>();
    for (ConsumerRecord<String, byte[]> r : records) {
      byPartition
          .computeIfAbsent(new TopicPartition(r.topic(), r.partition()), tp -> new ArrayList<>())
          .add(r);
    }
    return decoder.decode(new ConsumerRecords<>(byPartition, Map.of()));
  }

  @Test
  @DisplayName(
      "Records are grouped per table and reduced to the last change per key, cast to the columns;"
          + " offsets and the highest source position are kept per partition")
  void groupsReducesAndCasts() {
    change(ITEMS, ChangeEvent.read(row(1, 1), source(), 0), 1);
    change(ITEMS, ChangeEvent.read(row(2, 2), source(), 0), 2);
    change(ITEMS, ChangeEvent.update(null, row(1, 10), source(), 0), 1);
    change(NOTES, ChangeEvent.read(row(7, 7), source(), 0), 7);
    change(ITEMS, ChangeEvent.delete(row(2, 2), source(), 0), 2);

    DecodedBatch batch = decode();

    assertThat(batch.count()).isEqualTo(5);
    assertThat(batch.rejects()).isEmpty();
    TableWork items = batch.work().get(0);
    assertThat(items.table()).isSameAs(ITEMS_TABLE);
    assertThat(items.upserts()).hasSize(1);
    assertThat(items.upserts().get(0)).containsExactly(1L, 10);
    assertThat(items.deletes()).hasSize(1);
    assertThat(items.deletes().get(0)).containsExactly(2L);
    assertThat(items.hasChanges()).isTrue();
    TableWork notes = batch.work().get(1);
    assertThat(notes.hasChanges()).as("snapshot reads only").isFalse();
    assertThat(batch.first()).containsEntry(new TopicPartition(ITEMS, 0), 0L);
    assertThat(batch.next())
        .containsEntry(new TopicPartition(ITEMS, 0), 4L)
        .containsEntry(new TopicPartition(NOTES, 0), 1L);
    assertThat(batch.positions()).containsEntry(new TopicPartition(ITEMS, 0), 5L);
  }

  @Test
  @DisplayName(
      "Rows that do not fit their columns, records that are not change events, capture's refusals"
          + " and bad generation headers are rejects naming why; fences write nothing; reset"
          + " markers are kept per table; unknown topics are skipped, their offsets kept")
  void rejectsAndControlRecords() {
    change(ITEMS, ChangeEvent.read(row(1, "seven"), source(), 0), 1);
    add(ITEMS, 0, "{\"id\":2}", "not json".getBytes(StandardCharsets.UTF_8));
    add(ITEMS, 0, "{\"id\":3}", "{}".getBytes(StandardCharsets.UTF_8))
        .headers()
        .add(new RecordHeader(Topics.REJECT_HEADER, "too large".getBytes(StandardCharsets.UTF_8)));
    change(ITEMS, ChangeEvent.read(row(4, 4), source(), 0), 4)
        .headers()
        .add(new RecordHeader(Topics.GENERATION_HEADER, "x".getBytes(StandardCharsets.UTF_8)));
    add(ITEMS, 0, null, "{}".getBytes(StandardCharsets.UTF_8))
        .headers()
        .add(new RecordHeader(Topics.FENCE_HEADER, "9".getBytes(StandardCharsets.UTF_8)));
    add(NOTES, 0, null, "{}".getBytes(StandardCharsets.UTF_8))
        .headers()
        .add(new RecordHeader(Topics.RESET_HEADER, "3".getBytes(StandardCharsets.UTF_8)));
    add("tributary.other.x.main.y", 0, null, "{}".getBytes(StandardCharsets.UTF_8));

    DecodedBatch batch = decode();

    assertThat(batch.rejects())
        .extracting(r -> r.record().key() + " " + r.reason())
        .satisfiesExactly(
            r -> assertThat(r).startsWith("{\"id\":2} not a change event"),
            r ->
                assertThat(r)
                    .startsWith("{\"id\":3} capture could not encode this change: too large"),
            r -> assertThat(r).contains("not a snapshot generation: 'x'"),
            r -> assertThat(r).startsWith("{\"id\":1}").contains("qty"));
    assertThat(batch.work())
        .allSatisfy(
            w -> {
              assertThat(w.upserts()).isEmpty();
              assertThat(w.deletes()).isEmpty();
            });
    assertThat(batch.resets()).containsExactly(Map.entry(NOTES_TABLE, 3L));
    assertThat(batch.next()).containsEntry(new TopicPartition("tributary.other.x.main.y", 0), 1L);
  }

  @Test
  @DisplayName(
      "A batch splits by topic into parts that each hold their partitions' work, resets, rejects"
          + " and offsets")
  void splitsByTopic() {
    change(ITEMS, ChangeEvent.read(row(1, 1), source(), 0), 1);
    change(ITEMS, ChangeEvent.read(row(2, "bad"), source(), 0), 2);
    change(NOTES, ChangeEvent.read(row(7, 7), source(), 0), 7);
    DecodedBatch batch = decode();

    DecodedBatch items = batch.only(ITEMS::equals);
    DecodedBatch notes = batch.only(topic -> !ITEMS.equals(topic));

    assertThat(items.count()).isEqualTo(2);
    assertThat(items.work()).extracting(TableWork::table).containsExactly(ITEMS_TABLE);
    assertThat(items.rejects()).hasSize(1);
    assertThat(items.next()).containsOnlyKeys(new TopicPartition(ITEMS, 0));
    assertThat(notes.count()).isEqualTo(1);
    assertThat(notes.rejects()).isEmpty();
    assertThat(notes.topics()).containsExactly(NOTES);
    assertThat(batch.only(topic -> false).isEmpty()).isTrue();
  }
}
