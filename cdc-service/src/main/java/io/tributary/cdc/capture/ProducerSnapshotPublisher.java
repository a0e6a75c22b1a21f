package io.tributary.cdc.capture;

import io.tributary.source.spi.capture.SnapshotPublisher;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publishes a kind's own snapshot read ({@link io.tributary.source.spi.capture.SnapshotStep})
 * through cdc-service's producer: sends at once, counts each record in the source's metrics once
 * Kafka acknowledged it, and makes {@link #flush} fail after any refusal, so that no checkpoint is
 * recorded past a record Kafka does not hold.
 */
final class ProducerSnapshotPublisher implements SnapshotPublisher {
  private final KafkaProducer<String, byte[]> producer;
  private final CaptureMetrics.SourceCounters metrics;
  private final AtomicReference<Exception> refused = new AtomicReference<>();

  ProducerSnapshotPublisher(
      KafkaProducer<String, byte[]> producer, CaptureMetrics.SourceCounters metrics) {
    this.producer = producer;
    this.metrics = metrics;
  }

  @Override
  public void send(List<ProducerRecord<String, byte[]>> records) {
    failIfRefused();
    for (ProducerRecord<String, byte[]> record : records) {
      producer.send(
          record,
          (metadata, error) -> {
            if (error != null) {
              refused.compareAndSet(null, error);
            } else {
              metrics.acknowledged(List.of(record));
            }
          });
    }
  }

  @Override
  public void flush() {
    producer.flush();
    failIfRefused();
  }

  private void failIfRefused() {
    Exception error = refused.get();
    if (error != null) {
      throw new IllegalStateException(
          "Kafka refused a record of the snapshot: " + error.getMessage(), error);
    }
  }
}
