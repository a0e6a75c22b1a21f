package io.tributary.cdc.capture;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

/**
 * Forgets the source offsets a capture stored in the offset topic ({@link
 * CaptureConfig#offsetTopic}) once its migration has ended and its change capture is removed: a
 * migration submitted again under the same id and source name would otherwise resume from them (a
 * PostgreSQL capture from an LSN its new slot never had). Kafka Connect keys each offset by {@code
 * ["<engine name>", {partition}]}; every key of the engine gets a tombstone, on the partition it
 * was read from.
 */
@ApplicationScoped
public class CaptureOffsetEraser {
  private static final Logger LOG = Logger.getLogger(CaptureOffsetEraser.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final KafkaClients kafka;
  private final CaptureConfig config;

  public CaptureOffsetEraser(KafkaClients kafka, CaptureConfig config) {
    this.kafka = kafka;
    this.config = config;
  }

  /**
   * Writes a tombstone for every stored offset of the capture of {@code migration}/{@code source}.
   *
   * @return how many offsets were forgotten
   * @throws IllegalStateException when Kafka could not be read or written in time
   */
  public int erase(String migration, String source) {
    String engine = CaptureEngine.name(migration, source);
    Map<String, Integer> keys = keysOf(engine);
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    for (Map.Entry<String, Integer> key : keys.entrySet()) {
      sent.add(
          kafka
              .producer()
              .send(
                  new ProducerRecord<>(config.offsetTopic(), key.getValue(), key.getKey(), null)));
    }
    try {
      for (Future<RecordMetadata> f : sent) {
        f.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "failed to forget the stored offsets of " + engine + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted forgetting the offsets of " + engine, e);
    }
    if (!keys.isEmpty()) {
      LOG.infof("Forgot %d stored source offsets of %s/%s", keys.size(), migration, source);
    }
    return keys.size();
  }

  /** The offset keys (their JSON text) of an engine whose latest value is not a tombstone. */
  private Map<String, Integer> keysOf(String engine) {
    Properties props = kafka.settings().consumer();
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "tributary-cdc-offset-eraser");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    Map<String, Integer> live = new HashMap<>();
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
            live.put(key, r.partition());
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
}
