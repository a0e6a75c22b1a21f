package io.tributary.common.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Reads the end offsets of topics, per partition: the one reader of "how far Kafka is" that apply
 * lag ({@link ApplyLag}) is computed from, in every service. Blocking: call from worker threads.
 */
public final class TopicEndOffsets {
  private TopicEndOffsets() {}

  /**
   * The end offset (the offset the next message will get) of every partition of each topic. A topic
   * that does not exist yet has no partitions (an empty map).
   *
   * @throws KafkaUnavailableException when Kafka does not answer within {@code timeout}, or fails
   */
  public static Map<String, Map<Integer, Long>> read(
      Admin admin, Collection<String> topics, Duration timeout) {
    Map<String, Map<Integer, Long>> result = new HashMap<>();
    if (topics.isEmpty()) {
      return result;
    }
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    Map<String, KafkaFuture<TopicDescription>> descriptions =
        admin.describeTopics(topics).topicNameValues();
    for (Map.Entry<String, KafkaFuture<TopicDescription>> entry : descriptions.entrySet()) {
      result.put(entry.getKey(), new HashMap<>());
      TopicDescription description = get(entry.getValue(), true, timeout);
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
        get(admin.listOffsets(request).all(), false, timeout);
    offsets.forEach(
        (partition, info) ->
            result.get(partition.topic()).put(partition.partition(), info.offset()));
    return result;
  }

  private static <T> T get(KafkaFuture<T> future, boolean unknownTopicIsNull, Duration timeout) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (unknownTopicIsNull && e.getCause() instanceof UnknownTopicOrPartitionException) {
        return null;
      }
      throw new KafkaUnavailableException("Kafka: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new KafkaUnavailableException(
          "Kafka did not answer within " + timeout.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaUnavailableException("interrupted while asking Kafka", e);
    }
  }
}
