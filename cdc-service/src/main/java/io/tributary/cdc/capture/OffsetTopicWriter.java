package io.tributary.cdc.capture;

import io.tributary.cdc.CaptureConfig;
import io.tributary.cdc.kafka.KafkaClients;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Writes records into the engines' offset topic ({@link CaptureConfig#offsetTopic}), keyed as Kafka
 * Connect keys an offset ({@code ["<engine name>", {partition}]}), and waits until Kafka
 * acknowledged every one: a stream start stored before an engine's first start ({@link
 * StreamStartWriter}), tombstones once a capture is removed ({@link CaptureOffsetEraser}).
 */
@ApplicationScoped
public class OffsetTopicWriter {
  private final KafkaClients kafka;
  private final CaptureConfig config;

  public OffsetTopicWriter(KafkaClients kafka, CaptureConfig config) {
    this.kafka = kafka;
    this.config = config;
  }

  /** One record: its partition of the offset topic, its key as Connect writes it, its value. */
  record Entry(int partition, String key, byte[] value) {}

  /**
   * Writes the entries and waits for Kafka's acknowledgement of each.
   *
   * @param what what the write does, for the error ({@code "forget the stored offsets of m/s"})
   * @throws IllegalStateException when Kafka did not take them in time
   */
  void write(List<Entry> entries, String what) {
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    for (Entry e : entries) {
      sent.add(
          kafka
              .producer()
              .send(new ProducerRecord<>(config.offsetTopic(), e.partition(), e.key(), e.value())));
    }
    try {
      for (Future<RecordMetadata> f : sent) {
        f.get(StoredSourceOffsets.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("failed to " + what + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while trying to " + what, e);
    }
  }
}
