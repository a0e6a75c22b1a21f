package io.tributary.cdc.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.event.Topics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** Apply's per-table counters count what a committed batch wrote, deleted and rejected. */
class ApplyMetricsTest {
  private static AppliedTable table(String name) {
    return AppliedTable.of(
        "m1",
        new TableDef(
            "app",
            "main",
            name,
            "app",
            name,
            "tributary.m1.app.main." + name,
            List.of(new ColumnDef("id", "INTEGER", "id", TargetType.BIGINT, 1, false))));
  }

  private static ChangeRecord record(String key) {
    return new ChangeRecord("t", 0, 0, key, "{}".getBytes(), null, 0);
  }

  private static TableWork work(AppliedTable table, int writes, int deletes) {
    List<Object[]> rows = Collections.nCopies(writes, new Object[] {1L});
    List<ChangeRecord> records = new ArrayList<>();
    for (int i = 0; i < writes; i++) {
      records.add(record(String.valueOf(i)));
    }
    List<Object[]> gone = Collections.nCopies(deletes, new Object[] {2L});
    List<ChangeRecord> goneRecords = new ArrayList<>();
    for (int i = 0; i < deletes; i++) {
      goneRecords.add(record("d" + i));
    }
    return new TableWork(table, rows, records, gone, goneRecords);
  }

  private static double count(SimpleMeterRegistry registry, String name, String... tags) {
    var search = registry.find(name).tags(tags);
    return search.counter() == null ? 0 : search.counter().count();
  }

  @Test
  void countsEachTablesRowsOnceCommitted() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ApplyMetrics metrics = new ApplyMetrics(registry);
    AppliedTable items = table("items");
    AppliedTable notes = table("notes");

    metrics.committed(List.of(work(items, 3, 1), work(notes, 2, 0)), Map.of(), List.of());
    TableWork refusedOne = work(items, 5, 0);
    metrics.committed(
        List.of(refusedOne),
        Map.of(notes, 40L), // the rows of snapshot chunks written
        List.of(
            // refused by the target: among the work's rows, not written
            Reject.of(items, refusedOne.upsertRecords().get(0), "value too long"),
            // found while decoding: not among the work's rows
            Reject.of(items, record("8"), "does not fit"),
            new Reject(null, null, null, record("7"), null, "unknown topic")));

    String[] itemsTags = {"migration", "m1", "source", "app", "table", "items"};
    assertThat(count(registry, ApplyMetrics.ROWS, with(itemsTags, "op", "write"))).isEqualTo(7);
    assertThat(count(registry, ApplyMetrics.ROWS, with(itemsTags, "op", "delete"))).isEqualTo(1);
    assertThat(count(registry, ApplyMetrics.ROWS, "table", "notes", "op", "write")).isEqualTo(42);
    assertThat(registry.find(ApplyMetrics.ROWS).tags("table", "notes", "op", "delete").counter())
        .as("no delete counted for a table without deletes")
        .isNull();
    assertThat(count(registry, ApplyMetrics.REJECTS, itemsTags)).isEqualTo(2);
    assertThat(registry.find(ApplyMetrics.REJECTS).counters()).hasSize(1);
  }

  @Test
  void latencyIsTheWaitOfEachTablesOldestRecordOfTheLastBatch() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ApplyMetrics metrics = new ApplyMetrics(registry);
    AppliedTable items = table("items");
    ConsumerRecords<String, byte[]> polled =
        new ConsumerRecords<>(
            Map.of(
                new TopicPartition(items.definition().topic(), 0),
                List.of(
                    kafkaRecord(items.definition().topic(), 0, 10_000),
                    kafkaRecord(items.definition().topic(), 1, 7_000)),
                new TopicPartition("unknown", 0),
                List.of(kafkaRecord("unknown", 0, 1_000))),
            Map.of());
    Map<String, Long> oldest = ApplyMetrics.oldestPerTopic(polled);
    assertThat(oldest).containsEntry(items.definition().topic(), 7_000L);

    // a chunk on the snapshot topic counts for the table its key names
    ConsumerRecord<String, byte[]> chunk =
        new ConsumerRecord<>(
            Topics.snapshotTopic("m", "app"),
            0,
            0,
            6_000,
            TimestampType.CREATE_TIME,
            0,
            0,
            items.definition().topic(),
            new byte[0],
            new RecordHeaders(),
            Optional.empty());
    assertThat(
            ApplyMetrics.oldestPerTopic(
                new ConsumerRecords<>(
                    Map.of(
                        new TopicPartition(chunk.topic(), 0),
                        List.of(chunk),
                        new TopicPartition(items.definition().topic(), 0),
                        List.of(kafkaRecord(items.definition().topic(), 0, 10_000))),
                    Map.of())))
        .containsExactly(Map.entry(items.definition().topic(), 6_000L));

    metrics.latency(oldest, t -> t.equals(items.definition().topic()) ? items : null, 9_500);
    assertThat(registry.get(ApplyMetrics.LATENCY).tags("table", "items").gauge().value())
        .isEqualTo(2.5);
    assertThat(registry.find(ApplyMetrics.LATENCY).gauges())
        .as("unknown topics left out")
        .hasSize(1);

    metrics.latency(Map.of(items.definition().topic(), 9_000L), t -> items, 9_200);
    assertThat(registry.get(ApplyMetrics.LATENCY).tags("table", "items").gauge().value())
        .as("the last batch's")
        .isEqualTo(0.2);
  }

  private static ConsumerRecord<String, byte[]> kafkaRecord(String topic, long offset, long ts) {
    return new ConsumerRecord<>(
        topic,
        0,
        offset,
        ts,
        TimestampType.CREATE_TIME,
        0,
        0,
        "k",
        new byte[0],
        new RecordHeaders(),
        Optional.empty());
  }

  private static String[] with(String[] tags, String key, String value) {
    String[] all = Arrays.copyOf(tags, tags.length + 2);
    all[tags.length] = key;
    all[tags.length + 1] = value;
    return all;
  }
}
