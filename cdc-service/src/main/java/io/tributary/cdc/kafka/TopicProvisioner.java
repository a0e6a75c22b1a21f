package io.tributary.cdc.kafka;

import io.tributary.capture.TopicEnsurer;
import io.tributary.cdc.CaptureConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
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
  private final CaptureConfig capture;

  public TopicProvisioner(KafkaClients clients, CaptureConfig capture) {
    this.ensurer = new TopicEnsurer(clients::admin, capture.maxRecordBytes());
    this.capture = capture;
  }

  /**
   * Ensures the topics exist; a missing one is created with {@code partitions} and {@code
   * replicationFactor}, the broker's defaults where empty.
   *
   * @throws IllegalStateException when Kafka cannot be reached or refuses
   */
  public void ensure(
      Collection<String> topics, Optional<Integer> partitions, Optional<Short> replicationFactor) {
    call(topics, () -> ensurer.ensure(topics, partitions, replicationFactor));
  }

  /**
   * Ensures the engines' offset topic exists, compacted with one partition, as the engines' offset
   * store would create it (before anything else writes to it).
   *
   * @throws IllegalStateException when Kafka cannot be reached or refuses
   */
  public void ensureOffsetTopic() {
    call(
        List.of(capture.offsetTopic()),
        () -> ensurer.ensureCompacted(capture.offsetTopic(), capture.topicReplicationFactor()));
  }

  /** A call of the ensurer. */
  @FunctionalInterface
  private interface Call {
    void run() throws InterruptedException, ExecutionException, TimeoutException;
  }

  private static void call(Collection<String> topics, Call call) {
    try {
      call.run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topics " + topics, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "Failed to create topics " + topics + ": " + e.getMessage(), e);
    }
  }
}
