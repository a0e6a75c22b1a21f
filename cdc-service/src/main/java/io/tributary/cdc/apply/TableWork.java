package io.tributary.cdc.apply;

import io.tributary.common.event.Op;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One table's share of a batch, decoded and reduced.
 *
 * @param table the target table
 * @param upserts rows to upsert (for a table identified by its whole rows: to insert, a row once
 *     per copy), values in catalog order
 * @param upsertRecords the record of each upsert row (same order), for rejects
 * @param deletes keys to delete, values in key order (for a table identified by its whole rows:
 *     distinct rows, every column)
 * @param deleteRecords the record of each deleted key (same order)
 * @param deleteCounts how many copies of each delete's row to remove (same order; 1 for a key)
 */
public record TableWork(
    AppliedTable table,
    List<Object[]> upserts,
    List<ChangeRecord> upsertRecords,
    List<Object[]> deletes,
    List<ChangeRecord> deleteRecords,
    List<Integer> deleteCounts) {

  /** Work of a keyed table: each key deleted once. */
  public TableWork(
      AppliedTable table,
      List<Object[]> upserts,
      List<ChangeRecord> upsertRecords,
      List<Object[]> deletes,
      List<ChangeRecord> deleteRecords) {
    this(
        table,
        upserts,
        upsertRecords,
        deletes,
        deleteRecords,
        Collections.nCopies(deletes.size(), 1));
  }

  /**
   * Whether it holds anything but snapshot reads: a delete, or an upsert from a change ({@code c},
   * {@code u}) — what ends a bulk-loaded table's copy ({@link BatchWriter}).
   */
  public boolean hasChanges() {
    if (!deletes.isEmpty()) {
      return true;
    }
    for (ChangeRecord record : upsertRecords) {
      if (record.event() == null || record.event().op() != Op.READ) {
        return true;
      }
    }
    return false;
  }

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
    List<Integer> keptDeleteCounts = new ArrayList<>();
    for (int i = 0; i < deletes.size(); i++) {
      if (deleteRecords.get(i).generation() >= generation) {
        keptDeletes.add(deletes.get(i));
        keptDeleteRecords.add(deleteRecords.get(i));
        keptDeleteCounts.add(deleteCounts.get(i));
      }
    }
    return new TableWork(
        table, keptUpserts, keptUpsertRecords, keptDeletes, keptDeleteRecords, keptDeleteCounts);
  }
}
