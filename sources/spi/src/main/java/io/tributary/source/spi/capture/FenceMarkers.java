package io.tributary.source.spi.capture;

import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.event.SourcePosition;
import io.tributary.common.event.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToIntFunction;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * The markers of a fence: one record on every partition of every table topic of the source, with
 * the header {@link Topics#FENCE_HEADER}, published in the source's change order (after every
 * change the source committed before the fence). Apply writes nothing for them.
 */
public final class FenceMarkers {
  private FenceMarkers() {}

  /** The fence's JSON, as written into the source and carried by its markers. */
  public static String payload(long id, String migration, String source) {
    return ChangeEventCodec.MAPPER
        .createObjectNode()
        .put("fence", id)
        .put("migration", migration)
        .put("source", source)
        .toString();
  }

  /** The markers of fence {@code id}. */
  public static List<ProducerRecord<String, byte[]>> of(
      long id,
      String migration,
      String source,
      List<String> topics,
      ToIntFunction<String> partitions) {
    return everyPartition(
        topics, partitions, payload(id, migration, source), Topics.FENCE_HEADER, Long.toString(id));
  }

  /**
   * The markers of fence {@code id}, each also carrying the fence's own position in the source's
   * change order ({@link Topics#POSITION_HEADER}): every change before the fence is at a lower
   * position, every one after it at a higher one, so a reader of the source can tell the changes
   * after the fence that capture has not delivered yet (validation as of a cutover's position).
   * Apply ignores a marker's position.
   */
  public static List<ProducerRecord<String, byte[]>> of(
      long id,
      String migration,
      String source,
      List<String> topics,
      ToIntFunction<String> partitions,
      SourcePosition position) {
    List<ProducerRecord<String, byte[]>> markers = of(id, migration, source, topics, partitions);
    byte[] header = position.header();
    for (ProducerRecord<String, byte[]> marker : markers) {
      marker.headers().add(new RecordHeader(Topics.POSITION_HEADER, header));
    }
    return markers;
  }

  /**
   * One record with {@code value} and the header {@code header} = {@code headerValue} on every
   * partition of every topic, in topic order.
   */
  static List<ProducerRecord<String, byte[]>> everyPartition(
      List<String> topics,
      ToIntFunction<String> partitions,
      String value,
      String header,
      String headerValue) {
    byte[] headerBytes = headerValue.getBytes(StandardCharsets.UTF_8);
    byte[] valueBytes = value.getBytes(StandardCharsets.UTF_8);
    List<ProducerRecord<String, byte[]>> markers = new ArrayList<>();
    for (String topic : topics) {
      int count = partitions.applyAsInt(topic);
      for (int partition = 0; partition < count; partition++) {
        ProducerRecord<String, byte[]> marker =
            new ProducerRecord<>(topic, partition, null, valueBytes);
        marker.headers().add(new RecordHeader(header, headerBytes));
        markers.add(marker);
      }
    }
    return markers;
  }

  /** Topic to partition to offset of acknowledged markers. */
  public static Map<String, Map<Integer, Long>> offsets(List<RecordMetadata> acknowledged) {
    Map<String, Map<Integer, Long>> offsets = new TreeMap<>();
    for (RecordMetadata m : acknowledged) {
      offsets.computeIfAbsent(m.topic(), t -> new TreeMap<>()).put(m.partition(), m.offset());
    }
    return offsets;
  }
}
