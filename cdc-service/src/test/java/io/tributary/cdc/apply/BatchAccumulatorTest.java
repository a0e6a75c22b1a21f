package io.tributary.cdc.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class BatchAccumulatorTest {
  private static final TopicPartition P0 = new TopicPartition("t", 0);
  private static final TopicPartition P1 = new TopicPartition("t", 1);
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");

  private void records(TopicPartition tp, int from, int count, int valueBytes) {
    Map<TopicPartition, Long> ends = new HashMap<>();
    for (int offset = from; offset < from + count; offset++) {
      consumer.addRecord(record(tp, offset, valueBytes));
      ends.put(tp, (long) offset + 1);
    }
    consumer.updateEndOffsets(ends);
  }

  private static ConsumerRecord<String, byte[]> record(TopicPartition tp, long offset, int bytes) {
    return new ConsumerRecord<>(
        tp.topic(),
        tp.partition(),
        offset,
        0L,
        TimestampType.CREATE_TIME,
        1,
        bytes,
        "k",
        "x".repeat(bytes).getBytes(StandardCharsets.UTF_8),
        new RecordHeaders(),
        Optional.empty());
  }

  private void start(int maxPollRecords, TopicPartition... partitions) {
    consumer.assign(List.of(partitions));
    Map<TopicPartition, Long> beginnings = new HashMap<>();
    for (TopicPartition tp : partitions) {
      beginnings.put(tp, 0L);
      consumer.seek(tp, 0);
    }
    consumer.updateBeginningOffsets(beginnings);
    consumer.setMaxPollRecords(maxPollRecords);
  }

  private static List<Long> offsets(ConsumerRecords<String, byte[]> records, TopicPartition tp) {
    List<Long> out = new ArrayList<>();
    records.records(tp).forEach(r -> out.add(r.offset()));
    return out;
  }

  @Test
  void aConsumerThatKeepsUpGetsEachPollAsItComes() {
    start(5, P0);
    records(P0, 0, 8, 10);
    ConsumerRecords<String, byte[]> batch =
        new BatchAccumulator(5, 100, 1 << 20, WAIT).poll(consumer, Duration.ZERO);
    assertThat(offsets(batch, P0)).containsExactly(0L, 1L, 2L, 3L, 4L);
  }

  @Test
  void aConsumerBehindGathersPollsUpToTheRecordLimit() {
    start(5, P0, P1);
    records(P0, 0, 30, 10);
    records(P1, 0, 30, 10);
    ConsumerRecords<String, byte[]> batch =
        new BatchAccumulator(5, 22, 1 << 20, WAIT).poll(consumer, Duration.ZERO);
    assertThat(batch.count()).isEqualTo(25); // polls of 5 until 22 are reached
    for (TopicPartition tp : batch.partitions()) {
      List<Long> offsets = offsets(batch, tp);
      for (int i = 0; i < offsets.size(); i++) {
        assertThat(offsets.get(i)).isEqualTo(i); // each partition in offset order, no gap
      }
    }
    assertThat(consumer.position(P0) + consumer.position(P1)).isEqualTo(25);
  }

  @Test
  void theByteLimitEndsABatch() {
    start(5, P0);
    records(P0, 0, 100, 1000);
    ConsumerRecords<String, byte[]> batch =
        new BatchAccumulator(5, 1000, 12_000, WAIT).poll(consumer, Duration.ZERO);
    assertThat(batch.count()).isEqualTo(15); // 5 005 bytes per poll: over 12 000 after three
  }

  @Test
  void gatheringEndsWhenTheLagIsOnePollOrLess() {
    start(5, P0);
    records(P0, 0, 12, 10);
    ConsumerRecords<String, byte[]> batch =
        new BatchAccumulator(5, 1000, 1 << 20, WAIT).poll(consumer, Duration.ZERO);
    assertThat(offsets(batch, P0)).hasSize(10); // after 10, 2 are left: no third poll
  }

  @Test
  void aPartitionSoughtBackIsGatheredAgainFromWhereItWentBack() {
    start(5, P0);
    records(P0, 0, 5, 10);
    consumer.updateEndOffsets(Map.of(P0, 20L));
    consumer.schedulePollTask(() -> {}); // the first poll: offsets 0-4
    consumer.schedulePollTask(
        () -> { // a rebalance between two polls sought the partition back to offset 2
          consumer.seek(P0, 2);
          for (long offset = 2; offset < 10; offset++) {
            consumer.addRecord(record(P0, offset, 10));
          }
        });
    ConsumerRecords<String, byte[]> batch =
        new BatchAccumulator(5, 100, 1 << 20, WAIT).poll(consumer, Duration.ZERO);
    assertThat(offsets(batch, P0)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
  }

  @Test
  void recordsOfPartitionsNoLongerAssignedAreDropped() {
    start(5, P0, P1);
    records(P0, 0, 20, 10);
    records(P1, 0, 20, 10);
    consumer.schedulePollTask(() -> {});
    consumer.schedulePollTask(() -> consumer.assign(List.of(P1)));
    ConsumerRecords<String, byte[]> batch =
        new BatchAccumulator(5, 10, 1 << 20, WAIT).poll(consumer, Duration.ZERO);
    assertThat(batch.partitions()).containsExactly(P1);
  }
}
