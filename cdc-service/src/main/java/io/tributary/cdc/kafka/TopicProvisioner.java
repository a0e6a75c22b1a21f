package io.tributary.cdc.kafka;

import io.tributary.capture.TopicEnsurer;
import io.tributary.cdc.CaptureConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Creates the topics capture writes to, when they do not exist yet, with room for the largest
 * record capture publishes ({@code tributary.capture.max-record-bytes}), through the capture host's
 * {@link TopicEnsurer}.
 */
@ApplicationScoped
public class TopicProvisioner {
  private final TopicEnsurer ensurer;

  public TopicProvisioner(KafkaClients clients, CaptureConfig capture) {
    this.ensurer = new TopicEnsurer(clients::admin, capture.maxRecordBytes());
  }

  /**
   * Ensures the topics exist; a missing one is created with {@code partitions} and {@code
   * replicationFactor}, the broker's defaults where empty.
   *
   * @throws IllegalStateException when Kafka cannot be reached or refuses
   */
  public void ensure(
      Collection<String> topics, Optional<Integer> partitions, Optional<Short> replicationFactor) {
    try {
      ensurer.ensure(topics, partitions, replicationFactor);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topics " + topics, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "Failed to create topics " + topics + ": " + e.getMessage(), e);
    }
  }
}
