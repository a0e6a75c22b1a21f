package io.tributary.source.spi.capture;

import io.tributary.common.catalog.TableDef;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the control schema keeps of a source's capture that a kind's capture reads or records:
 * snapshot generations and completions, and the replica identities it changed in the source (so
 * that removing the capture restores them). cdc-service implements it.
 */
public interface CaptureRecords {

  /** The source's current snapshot generation. */
  long snapshotGeneration(String migration, String source);

  /**
   * Records that a table's snapshot completed.
   *
   * @return whether the record was written (false: it was already)
   */
  boolean markSnapshotComplete(
      String migration, String source, String schema, String table, long rows);

  /**
   * Records that a table's snapshot, sent as chunks, is in Kafka: captured, not yet applied (apply
   * records that when it takes the table's end marker).
   *
   * @return whether the record was written (false: it was already)
   */
  boolean markSnapshotSent(String migration, String source, String schema, String table, long rows);

  /**
   * Records that the source's capture sends its snapshots as chunks on its snapshot topic: called
   * before it publishes the first of them.
   */
  void declareChunkedSnapshots(String migration, String source);

  /**
   * Records a range of a table's snapshot read by a {@link SnapshotStep} as in Kafka (a checkpoint
   * of generation {@code generation}); the first record of a range stays.
   */
  void recordSnapshotRange(String migration, String source, long generation, SnapshotRange range);

  /** The ranges recorded in generation {@code generation}, by table and in the order sent. */
  List<SnapshotRange> snapshotRanges(String migration, String source, long generation);

  /**
   * A snapshot of the whole source starts afresh in generation {@code generation}: no table's
   * snapshot counts as sent any more, and earlier generations' ranges are forgotten.
   */
  void restartSnapshot(String migration, String source, long generation);

  /** The tables of the source whose snapshot is in Kafka: {@code schema.table}. */
  Set<String> snapshotsSent(String migration, String source);

  /** Records the replica identities changed in the source: {@code schema.table} to the old one. */
  void recordReplicaIdentities(String migration, String source, Map<String, String> identities);

  /** The tables whose replica identity was changed, each with the identity to restore. */
  List<TableDef> changedReplicaIdentities(String migration, String source);

  /** Forgets the changed replica identities (after they were restored). */
  void clearReplicaIdentities(String migration, String source);
}
