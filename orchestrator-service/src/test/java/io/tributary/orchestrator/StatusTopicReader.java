package io.tributary.orchestrator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads {@code tributary.status} from the beginning with a consumer group of its own and keeps what
 * it has read. Use from one thread (Awaitility: {@code pollInSameThread()}).
 */
public final class StatusTopicReader implements AutoCloseable {
  public static final String TOPIC = "tributary.status";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final KafkaConsumer<String, String> consumer;
  private final List<ConsumerRecord<String, String>> records = new ArrayList<>();

  public StatusTopicReader(String bootstrapServers) {
    consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "orchestrator-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.METADATA_MAX_AGE_CONFIG, "500"),
            new StringDeserializer(),
            new StringDeserializer());
    consumer.subscribe(List.of(TOPIC));
  }

  /** Polls once more, then returns the values (as JSON) of every message keyed by the migration. */
  public List<JsonNode> transitionsOf(String migration) {
    consumer.poll(Duration.ofMillis(200)).forEach(records::add);
    List<JsonNode> values = new ArrayList<>();
    for (ConsumerRecord<String, String> record : records) {
      if (migration.equals(record.key())) {
        try {
          values.add(JSON.readTree(record.value()));
        } catch (IOException e) {
          throw new UncheckedIOException("not JSON on " + TOPIC + ": " + record.value(), e);
        }
      }
    }
    return values;
  }

  @Override
  public void close() {
    consumer.close();
  }
}
