package io.tributary.validator.changes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.common.annotation.Identifier;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.event.SourcePosition;
import io.tributary.common.event.Topics;
import io.tributary.common.kafka.KafkaSettings;
import io.tributary.source.spi.validate.ValidationException;
import io.tributary.validator.ValidatorConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads which rows changed between two positions of a table's change topic: every record after a
 * fence's marker and before an end (another fence's marker, or the topic's end when asked), its key
 * kept once. Fence markers are skipped; a reset marker (the table snapshotted again) makes the keys
 * incomplete. Reads with one consumer of no group that commits nothing, kept open between reads (a
 * cutover's final gate reads while the applications' writes are held: a new consumer's start would
 * cost it a few hundred milliseconds). Blocking; one read at a time.
 */
@ApplicationScoped
public class ChangedKeysReader {
  private final KafkaSettings kafka;
  private final ValidatorConfig config;
  private KafkaConsumer<byte[], byte[]> consumer;

  public ChangedKeysReader(
      @Identifier("default-kafka-broker") Map<String, Object> kafka, ValidatorConfig config) {
    this.kafka = KafkaSettings.of(kafka);
    this.config = config;
  }

  /**
   * The keys changed on each topic after the markers at {@code after} and before {@code until}, in
   * one pass over every topic.
   *
   * @param after per topic and partition, the offset of the fence marker the changes come after
   * @param until per topic and partition, the offset the changes end before (exclusive: another
   *     fence's marker)
   * @return per topic of {@code after}; a topic {@code until} does not name ends where it starts
   * @throws ValidationException when Kafka does not give the records within the query timeout
   */
  public synchronized Map<String, ChangedKeys> read(
      Map<String, Map<Integer, Long>> after, Map<String, Map<Integer, Long>> until) {
    Map<String, Map<String, ObjectNode>> keys = new HashMap<>();
    Map<String, Long> records = new HashMap<>();
    Map<String, String> resets = new HashMap<>();
    Map<TopicPartition, Long> end = new HashMap<>();
    List<TopicPartition> open = new ArrayList<>();
    for (Map.Entry<String, Map<Integer, Long>> topic : after.entrySet()) {
      keys.put(topic.getKey(), new LinkedHashMap<>());
      records.put(topic.getKey(), 0L);
      Map<Integer, Long> ends = until.getOrDefault(topic.getKey(), Map.of());
      for (Map.Entry<Integer, Long> p : topic.getValue().entrySet()) {
        TopicPartition tp = new TopicPartition(topic.getKey(), p.getKey());
        long stop = ends.getOrDefault(p.getKey(), p.getValue() + 1);
        end.put(tp, stop);
        if (p.getValue() + 1 < stop) {
          open.add(tp);
        }
      }
    }
    long deadline = System.nanoTime() + config.queryTimeout().toNanos();
    if (!open.isEmpty()) {
      KafkaConsumer<byte[], byte[]> consumer = consumer();
      boolean done = false;
      try {
        consumer.assign(open);
        for (TopicPartition tp : open) {
          consumer.seek(tp, after.get(tp.topic()).get(tp.partition()) + 1);
        }
        while (!open.isEmpty()) {
          if (System.nanoTime() > deadline) {
            throw new ValidationException(
                "reading the changes after the cutover's position took longer than "
                    + config.queryTimeout().toSeconds()
                    + " s ("
                    + records
                    + " records read)");
          }
          for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            if (r.offset() >= end.get(tp)) {
              continue;
            }
            records.merge(r.topic(), 1L, Long::sum);
            if (r.headers().lastHeader(Topics.FENCE_HEADER) != null) {
              continue;
            }
            if (r.headers().lastHeader(Topics.RESET_HEADER) != null) {
              resets.put(r.topic(), "the table was snapshotted again (offset " + r.offset() + ")");
              continue;
            }
            if (r.key() != null) {
              ObjectNode key = ChangeEventCodec.decodeKey(r.key());
              keys.get(r.topic()).putIfAbsent(key.toString(), key);
            }
          }
          List<TopicPartition> still = new ArrayList<>();
          for (TopicPartition tp : open) {
            if (consumer.position(tp) < end.get(tp)) {
              still.add(tp);
            }
          }
          if (still.size() != open.size()) {
            open = still;
            consumer.assign(open);
          }
        }
        done = true;
      } finally {
        consumer.unsubscribe();
        if (!done) {
          close(); // a read that failed may leave the consumer in any state: the next starts anew
        }
      }
    }
    Map<String, ChangedKeys> out = new HashMap<>();
    for (String topic : after.keySet()) {
      out.put(
          topic,
          new ChangedKeys(
              new ArrayList<>(keys.get(topic).values()), records.get(topic), resets.get(topic)));
    }
    return out;
  }

  /**
   * The source position a fence marker carries ({@link Topics#POSITION_HEADER}: capture of a SQLite
   * source writes the fence's change-log sequence there), read from the marker at {@code offset};
   * null when it carries none (another source kind, or a capture from before markers did).
   *
   * @throws ValidationException when Kafka does not give the marker within the query timeout
   */
  public synchronized SourcePosition markerPosition(String topic, int partition, long offset) {
    TopicPartition tp = new TopicPartition(topic, partition);
    KafkaConsumer<byte[], byte[]> consumer = consumer();
    long deadline = System.nanoTime() + config.queryTimeout().toNanos();
    boolean done = false;
    try {
      consumer.assign(List.of(tp));
      consumer.seek(tp, offset);
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          if (r.offset() != offset) {
            continue;
          }
          done = true;
          Header fence = r.headers().lastHeader(Topics.FENCE_HEADER);
          Header position = r.headers().lastHeader(Topics.POSITION_HEADER);
          return fence == null || position == null ? null : SourcePosition.parse(position.value());
        }
        if (consumer.position(tp) > offset) {
          done = true;
          return null; // compacted or deleted: no marker to read
        }
      }
      throw new ValidationException(
          "reading the fence marker at "
              + tp
              + " offset "
              + offset
              + " took longer than "
              + config.queryTimeout().toSeconds()
              + " s");
    } finally {
      consumer.unsubscribe();
      if (!done) {
        close();
      }
    }
  }

  @PreDestroy
  synchronized void close() {
    if (consumer != null) {
      consumer.close(Duration.ofSeconds(5));
      consumer = null;
    }
  }

  private KafkaConsumer<byte[], byte[]> consumer() {
    if (consumer == null) {
      consumer = newConsumer();
    }
    return consumer;
  }

  private KafkaConsumer<byte[], byte[]> newConsumer() {
    Properties props = kafka.consumer();
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "tributary-validator-changes");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }
}
