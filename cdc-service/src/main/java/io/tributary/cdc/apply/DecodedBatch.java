package io.tributary.cdc.apply;

import io.tributary.common.event.SourcePosition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.kafka.common.TopicPartition;

/**
 * One poll, decoded ({@link RecordDecoder}): what apply writes for it, grouped per table.
 *
 * @param count records polled (for a part, {@link #only}, those of its partitions: the offsets it
 *     spans)
 * @param work each table's rows, reduced to the last change per key and cast
 * @param resets the newest reset marker per table ({@link SnapshotGenerations})
 * @param first the first offset per partition
 * @param next the offset after the poll per partition (stored with the rows)
 * @param positions the highest source position of the change events per partition (partitions with
 *     none are absent)
 * @param applied the position of the last change taken per partition ({@link AppliedPositions};
 *     partitions with none are absent)
 * @param rejects records that cannot be written, found while decoding
 * @param snapshot what came from snapshot topics: chunks, end and reset markers
 */
public record DecodedBatch(
    int count,
    List<TableWork> work,
    Map<AppliedTable, Long> resets,
    Map<TopicPartition, Long> first,
    Map<TopicPartition, Long> next,
    Map<TopicPartition, Long> positions,
    Map<TopicPartition, SourcePosition> applied,
    List<Reject> rejects,
    SnapshotPart snapshot) {

  /** A batch without snapshot chunks. */
  public DecodedBatch(
      int count,
      List<TableWork> work,
      Map<AppliedTable, Long> resets,
      Map<TopicPartition, Long> first,
      Map<TopicPartition, Long> next,
      Map<TopicPartition, Long> positions,
      Map<TopicPartition, SourcePosition> applied,
      List<Reject> rejects) {
    this(count, work, resets, first, next, positions, applied, rejects, SnapshotPart.NONE);
  }

  /** A batch without positioned changes. */
  public DecodedBatch(
      int count,
      List<TableWork> work,
      Map<AppliedTable, Long> resets,
      Map<TopicPartition, Long> first,
      Map<TopicPartition, Long> next,
      Map<TopicPartition, Long> positions,
      List<Reject> rejects) {
    this(count, work, resets, first, next, positions, Map.of(), rejects);
  }

  /** The topics of the batch's partitions. */
  public Set<String> topics() {
    Set<String> topics = new TreeSet<>();
    next.keySet().forEach(tp -> topics.add(tp.topic()));
    return topics;
  }

  /** Whether it holds no partition at all. */
  public boolean isEmpty() {
    return next.isEmpty();
  }

  /**
   * The part of the batch on the topics {@code topics} accepts: its work, resets, rejects and the
   * offsets of its partitions. A topic's partitions are written in one transaction, so a batch can
   * be written as several transactions split by topic, each storing its own partitions' offsets.
   */
  public DecodedBatch only(Predicate<String> topics) {
    List<TableWork> keptWork = new ArrayList<>();
    work.stream().filter(w -> topics.test(w.table().definition().topic())).forEach(keptWork::add);
    Map<AppliedTable, Long> keptResets = new LinkedHashMap<>();
    resets.forEach(
        (t, g) -> {
          if (topics.test(t.definition().topic())) {
            keptResets.put(t, g);
          }
        });
    List<Reject> keptRejects = new ArrayList<>();
    rejects.stream().filter(r -> topics.test(r.record().topic())).forEach(keptRejects::add);
    Map<TopicPartition, Long> keptNext = filter(next, topics);
    Map<TopicPartition, Long> keptFirst = filter(first, topics);
    int kept = 0;
    for (Map.Entry<TopicPartition, Long> partition : keptNext.entrySet()) {
      kept += (int) (partition.getValue() - keptFirst.get(partition.getKey()));
    }
    return new DecodedBatch(
        Math.min(count, kept),
        keptWork,
        keptResets,
        keptFirst,
        keptNext,
        filter(positions, topics),
        filter(applied, topics),
        keptRejects,
        snapshot.only(topics));
  }

  private static <V> Map<TopicPartition, V> filter(
      Map<TopicPartition, V> offsets, Predicate<String> topics) {
    Map<TopicPartition, V> out = new HashMap<>();
    offsets.forEach(
        (tp, offset) -> {
          if (topics.test(tp.topic())) {
            out.put(tp, offset);
          }
        });
    return out;
  }
}
