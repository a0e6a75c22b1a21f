package io.tributary.cdc.kafka;

import io.tributary.cdc.CaptureConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

/**
 * Creates the topics capture writes to, when they do not exist yet, with room for the largest
 * record capture publishes ({@code tributary.capture.max-record-bytes}).
 */
@ApplicationScoped
public class TopicProvisioner {
  private static final Logger LOG = Logger.getLogger(TopicProvisioner.class);

  private final KafkaClients clients;
  private final int maxRecordBytes;

  public TopicProvisioner(KafkaClients clients, CaptureConfig capture) {
    this.clients = clients;
    this.maxRecordBytes = capture.maxRecordBytes();
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
      Set<String> existing = clients.admin().listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (String topic : topics) {
        if (!existing.contains(topic)) {
          // the records capture may publish, whatever the broker's default (often 1 MB)
          missing.add(
              new NewTopic(topic, partitions, replicationFactor)
                  .configs(
                      Map.of(
                          TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(maxRecordBytes))));
        }
      }
      if (missing.isEmpty()) {
        return;
      }
      for (var entry : clients.admin().createTopics(missing).values().entrySet()) {
        try {
          entry.getValue().get(30, TimeUnit.SECONDS);
          LOG.infof(
              "Created topic %s (%s partitions)",
              entry.getKey(), partitions.map(String::valueOf).orElse("the broker's default"));
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topics " + topics, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "Failed to create topics " + topics + ": " + e.getMessage(), e);
    }
  }
}
