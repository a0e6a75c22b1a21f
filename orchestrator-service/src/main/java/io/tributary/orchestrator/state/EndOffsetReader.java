package io.tributary.orchestrator.state;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.tributary.common.kafka.KafkaAdmins;
import io.tributary.common.kafka.KafkaSettings;
import io.tributary.common.kafka.KafkaUnavailableException;
import io.tributary.common.kafka.TopicEndOffsets;
import io.tributary.orchestrator.OrchestratorConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.jboss.logging.Logger;

/**
 * Reads the end offsets of table topics per partition ({@link TopicEndOffsets}), for apply lag.
 * Kafka being unreachable is not an error here: the lag is then reported as unknown.
 */
@ApplicationScoped
public class EndOffsetReader {
  private static final Logger LOG = Logger.getLogger(EndOffsetReader.class);

  private final KafkaSettings kafka;
  private final Duration timeout;
  private Admin admin;

  public EndOffsetReader(
      @Identifier("default-kafka-broker") Map<String, Object> kafka, OrchestratorConfig config) {
    this.kafka = KafkaSettings.of(kafka);
    this.timeout = config.kafkaTimeout();
  }

  /**
   * End offsets per topic and partition; a topic that does not exist yet maps to no partitions;
   * empty when Kafka could not be asked.
   */
  public Uni<Map<String, Map<Integer, Long>>> read(List<String> topics) {
    if (topics.isEmpty()) {
      return Uni.createFrom().item(Map.of());
    }
    return Uni.createFrom()
        .item(() -> readBlocking(topics))
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
  }

  private Map<String, Map<Integer, Long>> readBlocking(List<String> topics) {
    try {
      return TopicEndOffsets.read(admin(), topics, timeout);
    } catch (KafkaUnavailableException e) {
      LOG.debugf("Could not read end offsets of %s: %s", topics, e.getMessage());
      return Map.of();
    }
  }

  private synchronized Admin admin() {
    if (admin == null) {
      admin = KafkaAdmins.create(kafka, "tributary-orchestrator-lag", timeout);
    }
    return admin;
  }

  @PreDestroy
  synchronized void close() {
    if (admin != null) {
      admin.close(Duration.ofSeconds(2));
    }
  }
}
