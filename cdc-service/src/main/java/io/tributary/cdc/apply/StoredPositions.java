package io.tributary.cdc.apply;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Puts the apply consumer at the positions stored in the control schema: on partition assignment,
 * and after a batch was not committed. Kafka's own committed offsets are never read.
 */
final class StoredPositions {
  private static final Logger LOG = Logger.getLogger(StoredPositions.class);

  private final StoredOffsets offsets;
  private final RecordDecoder decoder;

  StoredPositions(StoredOffsets offsets, RecordDecoder decoder) {
    this.offsets = offsets;
    this.decoder = decoder;
  }

  /**
   * Seeks to the stored offsets of {@code partitions} and restores the positions of the changes
   * applied there (a change at or below one is skipped as published again).
   */
  void seek(KafkaConsumer<String, byte[]> c, Collection<TopicPartition> partitions) {
    StoredOffsets.Stored stored = offsets.loadWithPositions(new ArrayList<>(partitions));
    decoder.applied().restore(partitions, stored.applied());
    List<TopicPartition> fresh = new ArrayList<>();
    for (TopicPartition tp : partitions) {
      Long offset = stored.next().get(tp);
      if (offset == null) {
        fresh.add(tp);
      } else {
        c.seek(tp, offset);
      }
    }
    if (!fresh.isEmpty()) {
      c.seekToBeginning(fresh);
    }
  }

  /** A listener that seeks newly assigned partitions of the consumer to their stored positions. */
  ConsumerRebalanceListener onAssignment(KafkaConsumer<String, byte[]> c) {
    return new SeekToStoredOffsets(c);
  }

  /** Seeks newly assigned partitions to the positions stored in the control schema. */
  private final class SeekToStoredOffsets implements ConsumerRebalanceListener {
    private final KafkaConsumer<String, byte[]> c;

    SeekToStoredOffsets(KafkaConsumer<String, byte[]> c) {
      this.c = c;
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) {
        return;
      }
      seek(c, partitions);
      LOG.infof(
          "Apply assigned %d partitions; positions restored from the control schema",
          partitions.size());
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      // Positions live in the control schema, written with each batch: nothing to save here.
    }
  }
}
