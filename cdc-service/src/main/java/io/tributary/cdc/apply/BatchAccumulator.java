package io.tributary.cdc.apply;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * Gathers several polls into one batch while apply is behind: as long as the assigned partitions
 * hold more than one poll ({@code max-poll-records}) beyond the consumer's position, it polls
 * again, up to {@code max-batch-records} records, {@code max-batch-bytes} bytes of keys and values
 * and {@code batch-wait}. A consumer that keeps up gets each poll as it comes, as before. Each
 * partition's records stay in offset order: when a poll returns records of a partition at or before
 * ones gathered already (the consumer was sought back by a rebalance), those gathered from there on
 * are dropped; records of partitions no longer assigned are dropped.
 */
final class BatchAccumulator {
  private final int pollRecords;
  private final int maxRecords;
  private final long maxBytes;
  private final Duration wait;

  BatchAccumulator(ApplyConfig config) {
    this(
        config.maxPollRecords(),
        config.maxBatchRecords(),
        config.maxBatchBytes(),
        config.batchWait());
  }

  BatchAccumulator(int pollRecords, int maxRecords, long maxBytes, Duration wait) {
    this.pollRecords = pollRecords;
    this.maxRecords = maxRecords;
    this.maxBytes = maxBytes;
    this.wait = wait;
  }

  /** One poll waiting at most {@code timeout}, then more while the consumer is behind. */
  ConsumerRecords<String, byte[]> poll(Consumer<String, byte[]> consumer, Duration timeout) {
    ConsumerRecords<String, byte[]> first = consumer.poll(timeout);
    if (first.isEmpty() || first.count() >= maxRecords || !behind(consumer)) {
      return first;
    }
    Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> gathered = new LinkedHashMap<>();
    add(gathered, first);
    long[] size = sizeOf(gathered);
    long deadline = System.nanoTime() + wait.toNanos();
    while (size[1] < maxRecords && size[0] < maxBytes && behind(consumer)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      ConsumerRecords<String, byte[]> more = consumer.poll(Duration.ofNanos(left));
      if (more.isEmpty()) {
        break;
      }
      add(gathered, more);
      gathered.keySet().retainAll(consumer.assignment());
      size = sizeOf(gathered);
    }
    return new ConsumerRecords<>(gathered, Map.of());
  }

  /** Whether the assigned partitions hold more than one poll beyond the consumer's position. */
  private boolean behind(Consumer<String, byte[]> consumer) {
    long lag = 0;
    Set<TopicPartition> assigned = consumer.assignment();
    for (TopicPartition tp : assigned) {
      OptionalLong partitionLag = consumer.currentLag(tp);
      if (partitionLag.isPresent()) {
        lag += partitionLag.getAsLong();
      }
    }
    return lag > pollRecords;
  }

  /** Appends a poll's records. */
  private static void add(
      Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> gathered,
      ConsumerRecords<String, byte[]> records) {
    for (TopicPartition tp : records.partitions()) {
      List<ConsumerRecord<String, byte[]>> polled = records.records(tp);
      List<ConsumerRecord<String, byte[]>> list =
          gathered.computeIfAbsent(tp, p -> new ArrayList<>());
      long from = polled.get(0).offset();
      list.removeIf(r -> r.offset() >= from); // sought back: what follows comes again
      list.addAll(polled);
    }
  }

  /** Bytes and records gathered. */
  private static long[] sizeOf(Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> gathered) {
    long bytes = 0;
    long count = 0;
    for (List<ConsumerRecord<String, byte[]>> records : gathered.values()) {
      count += records.size();
      for (ConsumerRecord<String, byte[]> r : records) {
        bytes += bytes(r);
      }
    }
    return new long[] {bytes, count};
  }

  private static long bytes(ConsumerRecord<String, byte[]> r) {
    return Math.max(0, r.serializedKeySize()) + Math.max(0, r.serializedValueSize());
  }
}
