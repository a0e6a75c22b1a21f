package io.tributary.validator;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads the end offsets of table topics from Kafka (an {@link Admin} client, created on first use).
 * Blocking: call from worker threads.
 */
@ApplicationScoped
public class TopicOffsetReader {
  private final String bootstrapServers;
  private final ValidatorConfig config;
  private Admin admin;

  public TopicOffsetReader(
      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
      ValidatorConfig config) {
    this.bootstrapServers = bootstrapServers;
    this.config = config;
  }

  /**
   * The end offset (the offset the next message will get) of every partition of each topic. A topic
   * that does not exist yet has no partitions (an empty map).
   *
   * @throws KafkaUnavailableException when Kafka does not answer in time
   */
  public Map<String, Map<Integer, Long>> endOffsets(Collection<String> topics) {
    Map<String, Map<Integer, Long>> result = new HashMap<>();
    if (topics.isEmpty()) {
      return result;
    }
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    Map<String, KafkaFuture<TopicDescription>> descriptions =
        admin().describeTopics(topics).topicNameValues();
    for (Map.Entry<String, KafkaFuture<TopicDescription>> entry : descriptions.entrySet()) {
      result.put(entry.getKey(), new HashMap<>());
      TopicDescription description = get(entry.getValue(), true);
      if (description != null) {
        description
            .partitions()
            .forEach(
                p ->
                    request.put(
                        new TopicPartition(entry.getKey(), p.partition()), OffsetSpec.latest()));
      }
    }
    if (request.isEmpty()) {
      return result;
    }
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets =
        get(admin().listOffsets(request).all(), false);
    offsets.forEach(
        (partition, info) ->
            result.get(partition.topic()).put(partition.partition(), info.offset()));
    return result;
  }

  private <T> T get(KafkaFuture<T> future, boolean unknownTopicIsNull) {
    try {
      return future.get(config.kafkaTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (unknownTopicIsNull && e.getCause() instanceof UnknownTopicOrPartitionException) {
        return null;
      }
      throw new KafkaUnavailableException("Kafka: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new KafkaUnavailableException(
          "Kafka at "
              + bootstrapServers
              + " did not answer within "
              + config.kafkaTimeout().toSeconds()
              + " s",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaUnavailableException("interrupted while asking Kafka", e);
    }
  }

  private synchronized Admin admin() {
    if (admin == null) {
      Properties properties = new Properties();
      properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
      properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "tributary-validator-admin");
      int timeout = (int) Math.min(Integer.MAX_VALUE, config.kafkaTimeout().toMillis());
      properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
      properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
      admin = Admin.create(properties);
    }
    return admin;
  }

  @PreDestroy
  synchronized void close() {
    if (admin != null) {
      admin.close(Duration.ofSeconds(5));
      admin = null;
    }
  }

  /** Kafka did not answer, or answered with an error. */
  public static class KafkaUnavailableException extends RuntimeException {
    public KafkaUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
