package io.tributary.cdc.apply;

import io.tributary.common.event.SourcePosition;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * The source position of the last change apply took per partition ({@link SourcePosition}): the one
 * stored in the control schema with the partition's offsets, moved on by every change decoded after
 * it. A change at or below it was applied already — capture published it again after a restart
 * (Kafka had acknowledged it, its source offset was not stored yet) — and is skipped, so a
 * re-published batch has no effect on any table, keyed or not.
 *
 * <p>Used on the consumer's thread only: restored from the control schema whenever the consumer
 * seeks to the stored offsets (partitions assigned, a batch not committed), so the positions of a
 * batch that did not commit are forgotten with it.
 */
final class AppliedPositions {
  private final Map<TopicPartition, SourcePosition> last = new HashMap<>();

  /** The stored positions of {@code partitions} (absent from {@code stored}: none applied yet). */
  void restore(Collection<TopicPartition> partitions, Map<TopicPartition, SourcePosition> stored) {
    for (TopicPartition tp : partitions) {
      SourcePosition at = stored.get(tp);
      if (at == null) {
        last.remove(tp);
      } else {
        last.put(tp, at);
      }
    }
  }

  /**
   * Takes a change at {@code position}: true when it is past the last one taken on its partition
   * (it becomes the last), false when it was applied already.
   */
  boolean take(TopicPartition tp, SourcePosition position) {
    SourcePosition before = last.get(tp);
    if (before != null && position.compareTo(before) <= 0) {
      return false;
    }
    last.put(tp, position);
    return true;
  }
}
