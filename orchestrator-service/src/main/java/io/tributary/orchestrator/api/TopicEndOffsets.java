package io.tributary.orchestrator.api;

import io.smallrye.mutiny.Uni;
import io.tributary.orchestrator.OrchestratorConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Reads the end offsets of table topics (summed over partitions), for apply lag. Kafka being
 * unreachable is not an error here: the lag is then reported as unknown.
 */
@ApplicationScoped
public class TopicEndOffsets {
  private static final Logger LOG = Logger.getLogger(TopicEndOffsets.class);

  private final String bootstrapServers;
  private final Duration timeout;
  private Admin admin;

  public TopicEndOffsets(
      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
      OrchestratorConfig config) {
    this.bootstrapServers = bootstrapServers;
    this.timeout = config.kafkaTimeout();
  }

  /** End offset per topic; topics that do not exist yet or could not be read are absent. */
  public Uni<Map<String, Long>> read(List<String> topics) {
    if (topics.isEmpty()) {
      return Uni.createFrom().item(Map.of());
    }
    return Uni.createFrom()
        .item(() -> readBlocking(topics))
        .runSubscriptionOn(io.smallrye.mutiny.infrastructure.Infrastructure.getDefaultWorkerPool());
  }

  private Map<String, Long> readBlocking(List<String> topics) {
    try {
      // Per topic: a table whose topic capture has not created yet is simply left out.
      Map<String, TopicDescription> described = new HashMap<>();
      for (var entry : admin().describeTopics(Set.copyOf(topics)).topicNameValues().entrySet()) {
        try {
          described.put(
              entry.getKey(), entry.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (java.util.concurrent.ExecutionException e) {
          LOG.tracef("Topic %s not readable: %s", entry.getKey(), e.getMessage());
        }
      }
      Map<TopicPartition, OffsetSpec> request = new HashMap<>();
      described.forEach(
          (topic, description) ->
              description
                  .partitions()
                  .forEach(
                      p ->
                          request.put(
                              new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
          admin().listOffsets(request).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return ends.entrySet().stream()
          .collect(
              Collectors.groupingBy(
                  e -> e.getKey().topic(), Collectors.summingLong(e -> e.getValue().offset())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Map.of();
    } catch (Exception e) {
      LOG.debugf("Could not read end offsets of %s: %s", topics, e.getMessage());
      return Map.of();
    }
  }

  private synchronized Admin admin() {
    if (admin == null) {
      admin =
          Admin.create(
              Map.of(
                  AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                  bootstrapServers,
                  AdminClientConfig.CLIENT_ID_CONFIG,
                  "tributary-orchestrator-lag",
                  AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                  (int) timeout.toMillis(),
                  AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                  (int) timeout.toMillis()));
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
