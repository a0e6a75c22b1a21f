package io.tributary.cdc.apply;

import io.tributary.common.event.SnapshotChunk;
import io.tributary.common.event.SnapshotEnd;
import io.tributary.common.event.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Reads the records of one poll that came from snapshot topics into a {@link SnapshotPart}: reset
 * markers, chunks and end markers. A record that is none of them, or a damaged chunk, fails the
 * poll with what is wrong: a chunk carries many rows, and none may be skipped.
 */
final class SnapshotRecords {
  private final List<SnapshotPart.Chunk> chunks = new ArrayList<>();
  private final List<SnapshotPart.End> ends = new ArrayList<>();
  private final List<SnapshotPart.Reset> resets = new ArrayList<>();

  /**
   * Takes a record of a snapshot topic whose key named {@code table}.
   *
   * @throws IllegalStateException when the record is not a snapshot record or is damaged
   */
  void add(ConsumerRecord<String, byte[]> r, AppliedTable table) {
    String where = r.topic() + "-" + r.partition() + "@" + r.offset();
    try {
      Header reset = r.headers().lastHeader(Topics.RESET_HEADER);
      if (reset != null) {
        resets.add(new SnapshotPart.Reset(table, r.topic(), Long.parseLong(text(reset))));
        return;
      }
      Header end = r.headers().lastHeader(SnapshotEnd.HEADER);
      if (end != null) {
        ends.add(
            new SnapshotPart.End(
                table,
                r.topic(),
                r.partition(),
                r.offset(),
                SnapshotEnd.read(r.key(), text(end), r.value())));
        return;
      }
      SnapshotChunk chunk =
          SnapshotChunk.read(
              r.key(),
              r.value(),
              name -> {
                Header h = r.headers().lastHeader(name);
                return h == null ? null : text(h);
              });
      chunks.add(new SnapshotPart.Chunk(table, r.topic(), r.partition(), r.offset(), chunk));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "The snapshot record at " + where + " cannot be applied: " + e.getMessage(), e);
    }
  }

  SnapshotPart part() {
    return chunks.isEmpty() && ends.isEmpty() && resets.isEmpty()
        ? SnapshotPart.NONE
        : new SnapshotPart(chunks, ends, resets);
  }

  private static String text(Header header) {
    return new String(header.value(), StandardCharsets.UTF_8);
  }
}
