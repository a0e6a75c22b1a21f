package io.tributary.cdc.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.RowIdentity;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.event.ChangeEvent;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.event.SnapshotChunk;
import io.tributary.common.event.SnapshotEnd;
import io.tributary.common.event.SourceInfo;
import io.tributary.common.event.SourcePosition;
import io.tributary.common.event.Topics;
import io.tributary.source.spi.capture.ChunkWriter;
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

  // --- positions: a change published again is skipped ----------------------------------------

  private static final String LOG = "tributary.m.app.main.log";
  private static final AppliedTable LOG_TABLE =
      AppliedTable.of(
          "m",
          table("log", LOG).definition().withIdentity(RowIdentity.WHOLE_ROW, List.of(), null),
          true);

  private final RecordDecoder positioned =
      new RecordDecoder(
          topic -> Map.of(ITEMS, ITEMS_TABLE, NOTES, NOTES_TABLE, LOG, LOG_TABLE).get(topic));

  private ConsumerRecord<String, byte[]> at(
      ConsumerRecord<String, byte[]> record, long generation, long major, long minor, long ord) {
    record
        .headers()
        .add(Topics.POSITION_HEADER, new SourcePosition(generation, major, minor, ord).header());
    return record;
  }

  private DecodedBatch decodeWith(RecordDecoder d) {
    Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> byPartition = new LinkedHashMap<>();
    for (ConsumerRecord<String, byte[]> r : records) {
      byPartition
          .computeIfAbsent(new TopicPartition(r.topic(), r.partition()), tp -> new ArrayList<>())
          .add(r);
    }
    records.clear();
    return d.decode(new ConsumerRecords<>(byPartition, Map.of()));
  }

  @Test
  @DisplayName(
      "A batch capture published again is skipped on a keyless table: each row once, and the"
          + " position of the last change taken is kept per partition")
  void republishedBatchSkippedOnKeylessTable() {
    for (int i = 1; i <= 3; i++) {
      at(change(LOG, ChangeEvent.insert(row(i, i), source(), 0), i), 1, 100 + i, 0, 0);
    }
    // capture restarted: changes 2 and 3 published again, then a new one
    at(change(LOG, ChangeEvent.insert(row(2, 2), source(), 0), 2), 1, 102, 0, 0);
    at(change(LOG, ChangeEvent.insert(row(3, 3), source(), 0), 3), 1, 103, 0, 0);
    at(change(LOG, ChangeEvent.insert(row(4, 4), source(), 0), 4), 1, 104, 0, 0);

    DecodedBatch batch = decodeWith(positioned);

    assertThat(batch.count()).isEqualTo(6);
    TableWork log = batch.work().get(0);
    assertThat(log.upserts()).as("rows 1 to 4, each once").hasSize(4);
    assertThat(batch.applied())
        .containsEntry(new TopicPartition(LOG, 0), new SourcePosition(1, 104, 0, 0));
    assertThat(batch.next()).containsEntry(new TopicPartition(LOG, 0), 6L);
  }

  @Test
  @DisplayName(
      "Positions carry across polls and restore from the stored ones: at or below, skipped; a new"
          + " generation (a change log made anew) starts over")
  void positionsAcrossPollsAndRestore() {
    TopicPartition items = new TopicPartition(ITEMS, 0);
    positioned.applied().restore(List.of(items), Map.of(items, new SourcePosition(1, 500, 7, 1)));
    at(change(ITEMS, ChangeEvent.update(null, row(1, 1), source(), 0), 1), 1, 500, 7, 0);
    at(change(ITEMS, ChangeEvent.update(null, row(1, 2), source(), 0), 1), 1, 500, 7, 1);
    at(change(ITEMS, ChangeEvent.update(null, row(1, 3), source(), 0), 1), 1, 500, 7, 2);
    DecodedBatch first = decodeWith(positioned);
    assertThat(first.work().get(0).upserts()).hasSize(1);
    assertThat(first.work().get(0).upserts().get(0)).containsExactly(1L, 3);

    // the next poll: what was taken in the first is not taken again
    at(change(ITEMS, ChangeEvent.update(null, row(1, 3), source(), 0), 1), 1, 500, 7, 2);
    DecodedBatch second = decodeWith(positioned);
    assertThat(second.work()).isEmpty();
    assertThat(second.applied()).isEmpty();

    // a change log made anew: sequence numbers from 1 again, in a higher generation
    at(change(ITEMS, ChangeEvent.update(null, row(1, 4), source(), 0), 1), 2, 1, 0, 0);
    assertThat(decodeWith(positioned).work().get(0).upserts().get(0)).containsExactly(1L, 4);

    // the batch did not commit: the consumer seeks back and restores what is stored
    positioned.applied().restore(List.of(items), Map.of(items, new SourcePosition(1, 500, 7, 1)));
    at(change(ITEMS, ChangeEvent.update(null, row(1, 3), source(), 0), 1), 1, 500, 7, 2);
    assertThat(decodeWith(positioned).work().get(0).upserts().get(0)).containsExactly(1L, 3);
  }

  @Test
  @DisplayName(
      "Records without a position (snapshot reads, older captures) are never skipped; a malformed"
          + " position is a reject naming the header")
  void unpositionedAndMalformed() {
    TopicPartition items = new TopicPartition(ITEMS, 0);
    positioned.applied().restore(List.of(items), Map.of(items, new SourcePosition(9, 9, 9, 9)));
    change(ITEMS, ChangeEvent.read(row(1, 1), source(), 0), 1);
    change(ITEMS, ChangeEvent.update(null, row(2, 2), source(), 0), 2)
        .headers()
        .add(Topics.POSITION_HEADER, "1/2/x/0".getBytes(StandardCharsets.UTF_8));
    DecodedBatch batch = decodeWith(positioned);
    assertThat(batch.work().get(0).upserts()).hasSize(1);
    assertThat(batch.rejects()).hasSize(1);
    assertThat(batch.rejects().get(0).reason()).contains("tributary-position").contains("1/2/x/0");
  }

  @Test
  @DisplayName(
      "Records of a snapshot topic are read as chunks, end and reset markers of the table their"
          + " key names, with where each was; a damaged chunk stops the decode with what is wrong")
  void snapshotTopicRecordsAreChunks() {
    String snapshot = Topics.snapshotTopic("m", "app");
    ChunkWriter writer = new ChunkWriter(ITEMS_TABLE.definition(), 2, 0, true, 1 << 20, 1 << 20);
    writer.read("7");
    writer.add(new Object[] {1L, 5L}, "{\"id\":1}", () -> "{}");
    writer.add(new Object[] {2L, "x"}, "{\"id\":2}", () -> "{\"id\":2}");
    SnapshotChunk chunk = writer.finish().get(0);
    ConsumerRecord<String, byte[]> reset = add(snapshot, 1, ITEMS, new byte[0]);
    reset
        .headers()
        .add(new RecordHeader(Topics.RESET_HEADER, "2".getBytes(StandardCharsets.UTF_8)));
    ConsumerRecord<String, byte[]> copy = add(snapshot, 1, ITEMS, chunk.copy());
    chunk
        .headers()
        .forEach(
            (k, v) -> copy.headers().add(new RecordHeader(k, v.getBytes(StandardCharsets.UTF_8))));
    SnapshotEnd end = new SnapshotEnd(ITEMS, 2, 1, 1, 1);
    ConsumerRecord<String, byte[]> last = add(snapshot, 1, ITEMS, end.value());
    last.headers().add(new RecordHeader(SnapshotEnd.HEADER, "2".getBytes(StandardCharsets.UTF_8)));

    DecodedBatch batch = decode();

    assertThat(batch.work()).isEmpty();
    assertThat(batch.resets()).as("a snapshot topic's resets travel with its part").isEmpty();
    SnapshotPart part = batch.snapshot();
    assertThat(part.newestResets()).containsEntry(ITEMS_TABLE, 2L);
    assertThat(part.chunks()).hasSize(1);
    assertThat(part.chunks().get(0).chunk()).isEqualTo(chunk);
    assertThat(part.chunks().get(0).offset()).isEqualTo(1);
    assertThat(part.chunks().get(0).chunk().rejects()).hasSize(1);
    assertThat(part.ends()).extracting(SnapshotPart.End::end).containsExactly(end);
    assertThat(batch.next()).containsEntry(new TopicPartition(snapshot, 1), 3L);
    assertThat(batch.only(t -> !Topics.isSnapshotTopic(t)).snapshot().isEmpty()).isTrue();

    records.clear();
    byte[] damaged = chunk.copy().clone();
    damaged[damaged.length - 3] ^= 1;
    ConsumerRecord<String, byte[]> bad = add(snapshot, 0, ITEMS, damaged);
    chunk
        .headers()
        .forEach(
            (k, v) -> bad.headers().add(new RecordHeader(k, v.getBytes(StandardCharsets.UTF_8))));
    assertThatThrownBy(this::decode)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(snapshot + "-0@0")
        .hasMessageContaining("damaged");
  }
}
