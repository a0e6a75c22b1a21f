package io.tributary.source.spi.capture;

import io.tributary.common.event.SnapshotChunk;
import io.tributary.common.event.SnapshotEnd;
import io.tributary.common.event.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * The records of a source's snapshot topic ({@link Topics#snapshotTopic}), each keyed by its
 * table's topic so that a table's reset markers, chunks and end marker follow one another on one
 * partition: a reset marker opens a generation, the chunks carry its rows ({@link SnapshotChunk}),
 * the end marker ({@link SnapshotEnd}) closes it once every chunk is in Kafka.
 */
public final class SnapshotTopicRecords {
  private SnapshotTopicRecords() {}

  /**
   * A chunk's record, its headers as the chunk gives them but for the generation, which is {@code
   * generation}: the source's generation is kept by the capture host, not by the connector that cut
   * the chunk.
   *
   * @param headers the chunk's headers ({@link SnapshotChunk#headers})
   */
  public static ProducerRecord<String, byte[]> chunk(
      String topic, String table, byte[] copy, Map<String, String> headers, long generation) {
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, table, copy);
    headers.forEach(
        (name, value) -> {
          if (!Topics.GENERATION_HEADER.equals(name)) {
            record.headers().add(new RecordHeader(name, utf8(value)));
          }
        });
    record
        .headers()
        .add(new RecordHeader(Topics.GENERATION_HEADER, utf8(Long.toString(generation))));
    return record;
  }

  /** The end marker of a table's snapshot generation. */
  public static ProducerRecord<String, byte[]> end(String topic, SnapshotEnd end) {
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, end.table(), end.value());
    record
        .headers()
        .add(new RecordHeader(SnapshotEnd.HEADER, utf8(Long.toString(end.generation()))));
    record
        .headers()
        .add(new RecordHeader(Topics.GENERATION_HEADER, utf8(Long.toString(end.generation()))));
    return record;
  }

  /**
   * The reset markers of snapshot generation {@code generation} for the tables {@code tables}
   * (their topics), one each: apply empties each table's target at the first marker of the
   * generation it reaches, on this topic or on the table's own.
   */
  public static List<ProducerRecord<String, byte[]>> resets(
      String topic, long generation, String migration, String source, List<String> tables) {
    byte[] value = utf8(ResetMarkers.value(generation, migration, source));
    byte[] header = utf8(Long.toString(generation));
    List<ProducerRecord<String, byte[]>> markers = new ArrayList<>(tables.size());
    for (String table : tables) {
      ProducerRecord<String, byte[]> marker = new ProducerRecord<>(topic, table, value);
      marker.headers().add(new RecordHeader(Topics.RESET_HEADER, header));
      markers.add(marker);
    }
    return markers;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
