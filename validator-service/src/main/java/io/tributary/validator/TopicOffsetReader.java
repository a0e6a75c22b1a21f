package io.tributary.validator;

import io.tributary.common.kafka.KafkaAdmins;
import io.tributary.common.kafka.TopicEndOffsets;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The validator's reader of table topics' end offsets ({@link TopicEndOffsets}, through an admin
 * client made on first use). Blocking: call from worker threads.
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
   * The end offset of every partition of each topic; a topic that does not exist yet has none.
   *
   * @throws io.tributary.common.kafka.KafkaUnavailableException when Kafka does not answer in time
   */
  public Map<String, Map<Integer, Long>> endOffsets(Collection<String> topics) {
    return TopicEndOffsets.read(admin(), topics, config.kafkaTimeout());
  }

  private synchronized Admin admin() {
    if (admin == null) {
      admin =
          KafkaAdmins.create(bootstrapServers, "tributary-validator-admin", config.kafkaTimeout());
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
