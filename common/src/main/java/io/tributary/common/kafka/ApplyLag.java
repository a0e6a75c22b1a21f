package io.tributary.common.kafka;

import java.util.Map;

/**
 * Apply's lag on a topic: messages published but not yet applied, summed over partitions. The one
 * formula: the validator decides alignment by it, the orchestrator reports it per table.
 */
public final class ApplyLag {
  private ApplyLag() {}

  /**
   * @param endOffsets the topic's end offset per partition (Kafka)
   * @param nextOffsets apply's next offset per partition (control schema); a partition apply has
   *     not committed counts from 0
   * @return the sum over partitions of {@code end - next}, each at least 0 (apply may have moved on
   *     since the end offsets were read)
   */
  public static long lag(Map<Integer, Long> endOffsets, Map<Integer, Long> nextOffsets) {
    long lag = 0;
    for (Map.Entry<Integer, Long> end : endOffsets.entrySet()) {
      long next = nextOffsets.getOrDefault(end.getKey(), 0L);
      lag += Math.max(0, end.getValue() - next);
    }
    return lag;
  }
}
