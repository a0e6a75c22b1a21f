package io.tributary.cdc.apply;

import io.tributary.common.event.Op;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reduces one table's records of a batch to one final change per key: the last write wins, so a key
 * that was inserted, updated and deleted within the batch ends deleted, and one deleted then
 * inserted again ends upserted. Since every key appears once, upserts and deletes of a reduced
 * batch touch disjoint rows and their order no longer matters. Records must come in offset order
 * per partition (a key always maps to one partition).
 */
public final class BatchReducer {
  private BatchReducer() {}

  /** Final changes of one table: rows to upsert and keys to delete. */
  public record Reduced(List<ChangeRecord> upserts, List<ChangeRecord> deletes) {}

  public static Reduced reduce(List<ChangeRecord> records) {
    Map<String, ChangeRecord> last = new LinkedHashMap<>();
    for (ChangeRecord record : records) {
      last.remove(record.key());
      last.put(record.key(), record);
    }
    List<ChangeRecord> upserts = new ArrayList<>();
    List<ChangeRecord> deletes = new ArrayList<>();
    for (ChangeRecord record : last.values()) {
      if (record.event().op() == Op.DELETE) {
        deletes.add(record);
      } else {
        upserts.add(record);
      }
    }
    return new Reduced(upserts, deletes);
  }
}
