package io.tributary.cdc.capture;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.cdc.CaptureConfig;
import io.tributary.cdc.kafka.KafkaClients;
import io.tributary.common.event.ChangeEventCodec;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The source offsets an engine stored in the offset topic ({@link CaptureConfig#offsetTopic}), read
 * from its beginning: Kafka Connect keys each offset by {@code ["<engine name>", {partition}]} and
 * the latest value of a key is the one in force (a tombstone forgets it).
 */
@ApplicationScoped
public class StoredSourceOffsets {
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** One stored offset: its key's JSON text, the topic partition it is on, its value. */
  public record Stored(String key, int partition, JsonNode value) {}

  private final KafkaClients kafka;
  private final CaptureConfig config;

  public StoredSourceOffsets(KafkaClients kafka, CaptureConfig config) {
    this.kafka = kafka;
    this.config = config;
  }

  /**
   * The offsets in force of the engine of {@code migration}/{@code source} ({@link
   * CaptureEngine#name}), by key; empty when it stored none (or all were forgotten).
   *
   * @throws IllegalStateException when the offset topic could not be read in time
   */
  public Map<String, Stored> of(String migration, String source) {
    String engine = CaptureEngine.name(migration, source);
    Properties props = kafka.settings().consumer();
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "tributary-cdc-offset-reader");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    Map<String, Stored> live = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer
          .partitionsFor(config.offsetTopic(), TIMEOUT)
          .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
      if (partitions.isEmpty()) {
        return live;
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p, TIMEOUT) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "reading the offset topic " + config.offsetTopic() + " took longer than " + TIMEOUT);
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.key() == null || !ofEngine(r.key(), engine)) {
            continue;
          }
          String key = new String(r.key(), StandardCharsets.UTF_8);
          if (r.value() == null) {
            live.remove(key);
          } else {
            live.put(key, new Stored(key, r.partition(), value(r.value())));
          }
        }
      }
    }
    return live;
  }

  /** True when an offset key ({@code ["<engine>", {...}]}) belongs to {@code engine}. */
  static boolean ofEngine(byte[] key, String engine) {
    try {
      JsonNode node = ChangeEventCodec.MAPPER.readTree(key);
      return node.isArray() && node.size() == 2 && engine.equals(node.get(0).asText());
    } catch (IOException e) {
      return false;
    }
  }

  /** An offset's value as JSON; a value that is not JSON is kept as its text. */
  private static JsonNode value(byte[] value) {
    try {
      return ChangeEventCodec.MAPPER.readTree(value);
    } catch (IOException e) {
      return ChangeEventCodec.MAPPER
          .getNodeFactory()
          .textNode(new String(value, StandardCharsets.UTF_8));
    }
  }
}
