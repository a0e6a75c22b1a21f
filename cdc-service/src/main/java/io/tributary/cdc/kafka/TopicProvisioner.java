package io.tributary.cdc.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

/** Creates the topics capture writes to, when they do not exist yet. */
@ApplicationScoped
public class TopicProvisioner {
  private static final Logger LOG = Logger.getLogger(TopicProvisioner.class);

  private final KafkaClients clients;

  public TopicProvisioner(KafkaClients clients) {
    this.clients = clients;
  }

  /**
   * Ensures the topics exist.
   *
   * @throws IllegalStateException when Kafka cannot be reached or refuses
   */
  public void ensure(Collection<String> topics, int partitions, short replicationFactor) {
    try {
      Set<String> existing = clients.admin().listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (String topic : topics) {
        if (!existing.contains(topic)) {
          missing.add(new NewTopic(topic, partitions, replicationFactor));
        }
      }
      if (missing.isEmpty()) {
        return;
      }
      for (var entry : clients.admin().createTopics(missing).values().entrySet()) {
        try {
          entry.getValue().get(30, TimeUnit.SECONDS);
          LOG.infof("Created topic %s (%d partitions)", entry.getKey(), partitions);
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
