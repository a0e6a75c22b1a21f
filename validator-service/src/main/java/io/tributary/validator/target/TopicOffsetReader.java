package io.tributary.validator.target;

import io.smallrye.common.annotation.Identifier;
import io.tributary.common.kafka.KafkaAdmins;
import io.tributary.common.kafka.KafkaSettings;
import io.tributary.common.kafka.KafkaUnavailableException;
import io.tributary.common.kafka.TopicEndOffsets;
import io.tributary.validator.ValidatorConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/**
 * The validator's reader of table topics' end offsets ({@link TopicEndOffsets}, through an admin
 * client made on first use). Blocking: call from worker threads.
 */
@ApplicationScoped
public class TopicOffsetReader {
  private final KafkaSettings kafka;
  private final ValidatorConfig config;
  private Admin admin;

  public TopicOffsetReader(
      @Identifier("default-kafka-broker") Map<String, Object> kafka, ValidatorConfig config) {
    this.kafka = KafkaSettings.of(kafka);
    this.config = config;
  }

  /**
   * The end offset of every partition of each topic; a topic that does not exist yet has none.
   *
   * @throws io.tributary.common.kafka.KafkaUnavailableException when Kafka does not answer in time
   */
  public Map<String, Map<Integer, Long>> endOffsets(Collection<String> topics) {
    return TopicEndOffsets.read(admin(), topics, config.kafkaTimeout());
  }

  /**
   * A table topic's end offsets, or why Kafka did not give them: the one place the validator turns
   * an unanswered Kafka into an unknown apply lag.
   */
  public TopicEnd endOf(String topic) {
    try {
      return new TopicEnd(endOffsets(List.of(topic)).get(topic), null);
    } catch (KafkaUnavailableException e) {
      return new TopicEnd(null, e.getMessage());
    }
  }

  /**
   * @param offsets the end offset of each partition; null when unknown (Kafka did not answer, or
   *     the topic does not exist yet)
   * @param problem why Kafka did not answer, null when it did
   */
  public record TopicEnd(Map<Integer, Long> offsets, String problem) {}

  private synchronized Admin admin() {
    if (admin == null) {
      admin = KafkaAdmins.create(kafka, "tributary-validator-admin", config.kafkaTimeout());
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
}
