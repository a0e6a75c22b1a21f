package io.tributary.cdc.apply;

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
    List<ChangeRecord> deleteRecords) {}
