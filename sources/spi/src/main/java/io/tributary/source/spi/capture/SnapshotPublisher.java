package io.tributary.source.spi.capture;

import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * How a {@link SnapshotStep} publishes to Kafka, offered by the capture host: records are sent at
 * once and acknowledged later; {@link #flush} waits until Kafka acknowledged every one sent so far,
 * so a checkpoint recorded after it covers them. Thread-safe.
 */
public interface SnapshotPublisher {
  /** Sends records (in order, for those of one partition). */
  void send(List<ProducerRecord<String, byte[]>> records);

  /**
   * Waits until Kafka acknowledged every record sent so far.
   *
   * @throws IllegalStateException when Kafka refused one of them (nothing after it counts as
   *     published)
   * @throws InterruptedException when the waiting thread is interrupted
   */
  void flush() throws InterruptedException;
}
