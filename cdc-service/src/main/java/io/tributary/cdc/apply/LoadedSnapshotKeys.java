package io.tributary.cdc.apply;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Builds the keys of the bulk-loaded tables whose snapshot apply has written whole: a chunked
 * table's once apply committed its end marker, on a key build thread ({@link KeyBuildThreads}),
 * while the writer goes on; another's once capture delivered it whole and every partition of its
 * topic is stored at or past its end offset, read after the catalog said the snapshot was delivered
 * (such a table with changes gets its key from its first change instead, {@link BatchWriter}), on
 * the writer thread, between batches.
 */
final class LoadedSnapshotKeys {
  private static final Logger LOG = Logger.getLogger(LoadedSnapshotKeys.class);

  /** How long the end offsets of a table topic are waited for, before a key build. */
  private static final Duration KEY_CHECK_TIMEOUT = Duration.ofSeconds(5);

  private final TableCatalog catalog;
  private final StoredOffsets offsets;
  private final BatchWriter writer;
  private final ApplyErrors errors;
  private final ApplyHealth health;
  private final ExecutorService writerThread;
  private final KeyBuildThreads keyThreads;

  LoadedSnapshotKeys(
      TableCatalog catalog,
      StoredOffsets offsets,
      BatchWriter writer,
      ApplyErrors errors,
      ApplyHealth health,
      ExecutorService writerThread,
      KeyBuildThreads keyThreads) {
    this.catalog = catalog;
    this.offsets = offsets;
    this.writer = writer;
    this.errors = errors;
    this.health = health;
    this.writerThread = writerThread;
    this.keyThreads = keyThreads;
  }

  /** Why a key build failed, recorded; it is tried again at the next catalog refresh. */
  private void failed(String topic, Throwable failure) {
    if (failure instanceof KeyBuilder.Waiting waiting) {
      LOG.infof("%s; apply tries again at the next catalog refresh", waiting.getMessage());
      return;
    }
    health.error(failure.getMessage());
    LOG.errorf(
        failure,
        "Building the key of %s failed; apply tries again at the next catalog refresh",
        topic);
    errors.failing(Set.of(topic), "building its key failed: " + failure.getMessage());
  }

  /** Whether a key build thread built a key since this was last asked. */
  boolean anyBuilt() {
    return keyThreads.anyBuilt();
  }

  /** Whether a key build thread is building a key now. */
  boolean anyBuilding() {
    return keyThreads.anyBuilding();
  }

  /** Stops the key build threads. */
  void stop() {
    keyThreads.stop();
  }

  /** Builds the keys of the tables awaiting one whose snapshot is written whole. */
  void build(KafkaConsumer<String, byte[]> c) {
    for (AppliedTable table : catalog.awaitingKeys()) {
      String topic = table.definition().topic();
      try {
        if (table.chunked()) {
          keyThreads.submit(
              topic, on -> writer.tableKeys().build(table, on), failure -> failed(topic, failure));
          continue;
        }
        List<TopicPartition> partitions = new ArrayList<>();
        c.partitionsFor(topic, KEY_CHECK_TIMEOUT)
            .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        if (partitions.isEmpty()) {
          continue;
        }
        Map<TopicPartition, Long> ends = c.endOffsets(partitions, KEY_CHECK_TIMEOUT);
        Map<TopicPartition, Long> stored = offsets.load(partitions);
        boolean written =
            partitions.stream().allMatch(tp -> stored.getOrDefault(tp, 0L) >= ends.get(tp));
        if (written) {
          writerThread.submit(() -> writer.buildKey(table)).get();
        }
      } catch (ExecutionException e) {
        failed(topic, e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new WakeupException();
      } catch (KafkaException e) {
        LOG.debugf("Could not read the end offsets of %s: %s", topic, e.getMessage());
      }
    }
  }
}
