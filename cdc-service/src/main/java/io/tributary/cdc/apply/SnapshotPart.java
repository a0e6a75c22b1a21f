package io.tributary.cdc.apply;

import io.tributary.common.event.SnapshotChunk;
import io.tributary.common.event.SnapshotEnd;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What of one poll came from snapshot topics ({@link
 * io.tributary.common.event.Topics#snapshotTopic}): the chunks to copy, the tables' end markers and
 * reset markers, each with where it was. Written in one transaction with the offsets of its
 * partitions ({@link ChunkCopier}).
 *
 * @param chunks the chunks, in poll order (a partition's in offset order)
 * @param ends the end markers, in poll order
 * @param resets the reset markers, in poll order
 */
public record SnapshotPart(List<Chunk> chunks, List<End> ends, List<Reset> resets) {
  /** Nothing from snapshot topics. */
  public static final SnapshotPart NONE = new SnapshotPart(List.of(), List.of(), List.of());

  /** A chunk and the record it came in. */
  public record Chunk(
      AppliedTable table, String topic, int partition, long offset, SnapshotChunk chunk) {}

  /** An end marker and the record it came in. */
  public record End(
      AppliedTable table, String topic, int partition, long offset, SnapshotEnd end) {}

  /** A reset marker and the topic it came on. */
  public record Reset(AppliedTable table, String topic, long generation) {}

  /** Whether it holds no chunk, end marker or reset. */
  public boolean isEmpty() {
    return chunks.isEmpty() && ends.isEmpty() && resets.isEmpty();
  }

  /** The part on the topics {@code topics} accepts (by the topic each record was on). */
  public SnapshotPart only(Predicate<String> topics) {
    return only(topics, t -> true);
  }

  /**
   * The part on the topics {@code topics} accepts (by the topic each record was on) and of the
   * tables {@code tables} accepts.
   */
  public SnapshotPart only(Predicate<String> topics, Predicate<AppliedTable> tables) {
    List<Chunk> keptChunks = new ArrayList<>();
    chunks.stream()
        .filter(c -> topics.test(c.topic()) && tables.test(c.table()))
        .forEach(keptChunks::add);
    List<End> keptEnds = new ArrayList<>();
    ends.stream()
        .filter(e -> topics.test(e.topic()) && tables.test(e.table()))
        .forEach(keptEnds::add);
    List<Reset> keptResets = new ArrayList<>();
    resets.stream()
        .filter(r -> topics.test(r.topic()) && tables.test(r.table()))
        .forEach(keptResets::add);
    return new SnapshotPart(keptChunks, keptEnds, keptResets);
  }

  /** The tables it touches. */
  public List<AppliedTable> tables() {
    Map<String, AppliedTable> tables = new LinkedHashMap<>();
    chunks.forEach(c -> tables.putIfAbsent(c.table().definition().topic(), c.table()));
    ends.forEach(e -> tables.putIfAbsent(e.table().definition().topic(), e.table()));
    resets.forEach(r -> tables.putIfAbsent(r.table().definition().topic(), r.table()));
    return new ArrayList<>(tables.values());
  }

  /** The newest reset marker per table. */
  public Map<AppliedTable, Long> newestResets() {
    Map<AppliedTable, Long> newest = new LinkedHashMap<>();
    resets.forEach(r -> newest.merge(r.table(), r.generation(), Math::max));
    return newest;
  }
}
