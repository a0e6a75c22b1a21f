package io.tributary.orchestrator.finalize;

import io.tributary.common.sql.FinalizeStep.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The finalize steps that read a whole table without changing its definition — a foreign key's
 * validation and {@code ANALYZE} — as one queue per table: the steps of one table run one after the
 * other, in their order (each takes the table's {@code SHARE UPDATE EXCLUSIVE} lock, which excludes
 * the next), and the queues of different tables may run at once, as the index builds do.
 *
 * <p>A validation also reads the table it references, under {@code ROW SHARE}, which neither an
 * {@code ANALYZE} nor another validation of that table waits on.
 */
final class TableQueues {
  private TableQueues() {}

  /** Whether a step goes into a table's queue ({@link #of}). */
  static boolean queued(Kind kind) {
    return kind == Kind.VALIDATE || kind == Kind.ANALYZE;
  }

  /**
   * The queued steps among {@code steps}, one list per table (the one a step takes its lock on: a
   * validation's referencing table) in the order the tables first appear, each table's steps in
   * their given order.
   */
  static List<List<FinalizeRepository.Step>> of(List<FinalizeRepository.Step> steps) {
    Map<String, List<FinalizeRepository.Step>> byTable = new LinkedHashMap<>();
    for (FinalizeRepository.Step step : steps) {
      if (queued(step.record().kind())) {
        byTable.computeIfAbsent(step.record().table(), t -> new ArrayList<>()).add(step);
      }
    }
    return List.copyOf(byTable.values());
  }
}
