package io.tributary.cdc.apply;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Holds a chunked table's changes until its snapshot is loaded ({@link TableCatalog#waiting}): the
 * partitions of its topic are paused in the consumer, and resumed once the table is loaded. Its
 * snapshot comes on another topic (the source's snapshot topic, never paused), so a change must
 * never be written before the snapshot rows it follows; each change transaction checks it again
 * under the table's generation lock ({@link BatchWriter}).
 */
final class ChangeGate {
  private static final Logger LOG = Logger.getLogger(ChangeGate.class);

  private final TableCatalog catalog;

  ChangeGate(TableCatalog catalog) {
    this.catalog = catalog;
  }

  /** Pauses the assigned partitions of waiting tables and resumes the others. */
  void apply(KafkaConsumer<String, byte[]> c) {
    apply(c, c.assignment());
  }

  private void apply(KafkaConsumer<String, byte[]> c, Collection<TopicPartition> assigned) {
    Set<String> waiting = catalog.waiting();
    Set<TopicPartition> paused = c.paused();
    List<TopicPartition> pause = new ArrayList<>();
    List<TopicPartition> resume = new ArrayList<>();
    for (TopicPartition tp : assigned) {
      boolean wait = waiting.contains(tp.topic());
      if (wait && !paused.contains(tp)) {
        pause.add(tp);
      } else if (!wait && paused.contains(tp)) {
        resume.add(tp);
      }
    }
    if (!pause.isEmpty()) {
      c.pause(pause);
      LOG.debugf("Changes of %s wait for their tables' snapshots", pause);
    }
    if (!resume.isEmpty()) {
      c.resume(resume);
      LOG.infof("Changes of %s flow: their tables' snapshots are loaded", resume);
    }
  }

  /**
   * A rebalance listener that runs {@code next} then pauses the newly assigned partitions of
   * waiting tables, before the poll that assigned them fetches anything.
   */
  ConsumerRebalanceListener around(
      KafkaConsumer<String, byte[]> c, ConsumerRebalanceListener next) {
    return new ConsumerRebalanceListener() {
      @Override
      public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        next.onPartitionsAssigned(partitions);
        apply(c, partitions);
      }

      @Override
      public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        next.onPartitionsRevoked(partitions);
      }
    };
  }
}
