package io.tributary.source.postgres.capture.snapshot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The order a snapshot's ranges are read in, and the queue the readers take them from: the ranges
 * of tables without a key first (a read cut short can resume a keyed table at its next range, but
 * must start a keyless one again), then the largest tables first (the longest reads start early),
 * each table's ranges in block order.
 */
final class RangeSchedule {
  /**
   * One range to read.
   *
   * @param progress its table's progress
   * @param plan how its table's columns are read
   * @param range the blocks
   * @param partitioned whether its table is partitioned (read in each partition)
   */
  record Task(TableProgress progress, PassthroughPlan plan, CtidRange range, boolean partitioned) {}

  /**
   * One table's ranges to read.
   *
   * @param keyless whether the table has no key (none yet, or whole-row identity)
   * @param blocks the table's size in blocks when its snapshot was taken
   * @param tasks its ranges, in block order
   */
  record TableRanges(boolean keyless, long blocks, List<Task> tasks) {}

  private final Queue<Task> queue = new ConcurrentLinkedQueue<>();

  RangeSchedule(List<TableRanges> tables) {
    List<TableRanges> ordered = new ArrayList<>(tables);
    ordered.sort(
        Comparator.comparing((TableRanges t) -> !t.keyless())
            .thenComparing(TableRanges::blocks, Comparator.reverseOrder()));
    ordered.forEach(t -> queue.addAll(t.tasks()));
  }

  /** The next range to read, null when none is left. */
  Task next() {
    return queue.poll();
  }

  /** The ranges left, in order (for tests and diagnostics). */
  List<Task> remaining() {
    return List.copyOf(queue);
  }
}
