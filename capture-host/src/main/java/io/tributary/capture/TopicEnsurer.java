package io.tributary.capture;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics a capture writes to when they do not exist yet (a worker's or broker's topic
 * creation is not relied on), with room for the largest record capture publishes, and counts a
 * topic's partitions: one Kafka admin helper for the embedded engines and the Kafka Connect task.
 */
public final class TopicEnsurer {
  private static final Logger LOG = LoggerFactory.getLogger(TopicEnsurer.class);
  private static final long ANSWER_SECONDS = 30;

  private final Supplier<Admin> admin;
  private final int maxRecordBytes;

  /**
   * @param admin the admin client (asked for on each call: a service may open it lazily)
   * @param maxRecordBytes the largest record capture publishes ({@code max.message.bytes})
   */
  public TopicEnsurer(Supplier<Admin> admin, int maxRecordBytes) {
    this.admin = admin;
    this.maxRecordBytes = maxRecordBytes;
  }

  /**
   * Ensures the topics exist; a missing one is created with {@code partitions} and {@code
   * replicationFactor}, the broker's defaults where empty.
   */
  public void ensure(
      Collection<String> topics, Optional<Integer> partitions, Optional<Short> replicationFactor)
      throws InterruptedException, ExecutionException, TimeoutException {
    // the records capture may publish, whatever the broker's default (often 1 MB)
    create(
        topics,
        partitions,
        replicationFactor,
        Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(maxRecordBytes)));
  }

  /**
   * Ensures a compacted topic exists (a Kafka Connect offset store's, which refuses any other
   * cleanup policy): a missing one is created with one partition, as a Connect worker would create
   * it, and {@code replicationFactor} (the broker's default where empty). One written to first by a
   * producer would be created by the broker's defaults, not compacted.
   */
  public void ensureCompacted(String topic, Optional<Short> replicationFactor)
      throws InterruptedException, ExecutionException, TimeoutException {
    create(
        List.of(topic),
        Optional.of(1),
        replicationFactor,
        Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
  }

  private void create(
      Collection<String> topics,
      Optional<Integer> partitions,
      Optional<Short> replicationFactor,
      Map<String, String> configs)
      throws InterruptedException, ExecutionException, TimeoutException {
    Set<String> existing = admin.get().listTopics().names().get(ANSWER_SECONDS, TimeUnit.SECONDS);
    List<NewTopic> missing = new ArrayList<>();
    for (String topic : topics) {
      if (!existing.contains(topic)) {
        missing.add(new NewTopic(topic, partitions, replicationFactor).configs(configs));
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    for (var entry : admin.get().createTopics(missing).values().entrySet()) {
      try {
        entry.getValue().get(ANSWER_SECONDS, TimeUnit.SECONDS);
        LOG.info(
            "Created topic {} ({} partitions)",
            entry.getKey(),
            partitions.map(String::valueOf).orElse("the broker's default"));
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
    }
  }

  /** How many partitions a topic has. */
  public int partitions(String topic)
      throws InterruptedException, ExecutionException, TimeoutException {
    return admin
        .get()
        .describeTopics(List.of(topic))
        .allTopicNames()
        .get(ANSWER_SECONDS, TimeUnit.SECONDS)
        .get(topic)
        .partitions()
        .size();
  }
}
