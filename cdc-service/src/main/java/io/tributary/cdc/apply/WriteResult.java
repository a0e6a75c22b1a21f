package io.tributary.cdc.apply;

import java.util.List;
import java.util.Map;

/**
 * How a batch's write ended.
 *
 * @param committed false when nothing (more) was written: another consumer applied past the batch's
 *     start, a table's bulk-load state changed, or every attempt failed
 * @param rejects the rows rejected in what committed
 * @param written the work of each table that committed
 * @param copied the rows of snapshot chunks each table committed
 */
record WriteResult(
    boolean committed,
    List<Reject> rejects,
    List<TableWork> written,
    Map<AppliedTable, Long> copied) {
  static final WriteResult FAILED = new WriteResult(false, List.of(), List.of(), Map.of());
}
