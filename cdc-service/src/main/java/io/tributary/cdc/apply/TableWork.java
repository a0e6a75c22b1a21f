package io.tributary.cdc.apply;

import java.util.ArrayList;
import java.util.List;

/**
 * One table's share of a batch, decoded and reduced.
 *
 * @param table the target table
 * @param upserts rows to upsert, values in catalog order
 * @param upsertRecords the record of each upsert row (same order), for rejects
 * @param deletes keys to delete, values in key order
 * @param deleteRecords the record of each deleted key (same order)
 */
public record TableWork(
    AppliedTable table,
    List<Object[]> upserts,
    List<ChangeRecord> upsertRecords,
    List<Object[]> deletes,
    List<ChangeRecord> deleteRecords) {

  /**
   * This work without the records of snapshot generations older than {@code generation} (they
   * belong to a snapshot that a newer one replaced).
   */
  public TableWork from(long generation) {
    if (upsertRecords.stream().allMatch(r -> r.generation() >= generation)
        && deleteRecords.stream().allMatch(r -> r.generation() >= generation)) {
      return this;
    }
    List<Object[]> keptUpserts = new ArrayList<>();
    List<ChangeRecord> keptUpsertRecords = new ArrayList<>();
    for (int i = 0; i < upserts.size(); i++) {
      if (upsertRecords.get(i).generation() >= generation) {
        keptUpserts.add(upserts.get(i));
        keptUpsertRecords.add(upsertRecords.get(i));
      }
    }
    List<Object[]> keptDeletes = new ArrayList<>();
    List<ChangeRecord> keptDeleteRecords = new ArrayList<>();
    for (int i = 0; i < deletes.size(); i++) {
      if (deleteRecords.get(i).generation() >= generation) {
        keptDeletes.add(deletes.get(i));
        keptDeleteRecords.add(deleteRecords.get(i));
      }
    }
    return new TableWork(table, keptUpserts, keptUpsertRecords, keptDeletes, keptDeleteRecords);
  }
}
