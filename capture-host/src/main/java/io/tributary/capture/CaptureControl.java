package io.tributary.capture;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The control-schema statements capture runs wherever it runs (leases, fences, snapshot progress,
 * the source's row), written once in {@link io.tributary.common.control.CaptureStatements}: a Kafka
 * Connect worker reaches them through JDBC, cdc-service through its reactive pool.
 */
public interface CaptureControl extends LeaseRecords, FenceRecords, RemovalRecords {

  /**
   * What capturing a source needs, as the control schema holds it.
   *
   * @param kind the kind as plans spell it
   * @param tablesJson the provisioned catalog of its tables (a JSON array of {@code TableDef})
   * @param resyncs topic to the request's id of resyncs asked and not done yet
   */
  record SourceRow(
      String kind,
      String location,
      String targetSchema,
      String state,
      boolean paused,
      boolean streamOnly,
      String tablesJson,
      Map<String, Long> resyncs) {}

  /** The source's row; empty when the migration or the source no longer exists. */
  Optional<SourceRow> source(String migration, String source);

  /** The source's fences asked for and not yet written into it, oldest first. */
  List<Long> pendingFences(String migration, String source);

  /** A fence's markers were acknowledged on every partition: topic to partition to offset. */
  void fencePublished(long fence, Map<String, Map<Integer, Long>> offsets);

  /** The source's snapshot generation (0 before its first snapshot). */
  long snapshotGeneration(String migration, String source);

  /** Starts the source's next snapshot generation and returns its number. */
  long nextGeneration(String migration, String source);

  /** A table's snapshot rows were all acknowledged by Kafka. */
  void snapshotComplete(String migration, String source, String schema, String table, long rows);

  /** A table's snapshot chunks and end marker were all acknowledged by Kafka. */
  void snapshotSent(String migration, String source, String schema, String table, long rows);

  /** The source's capture sends its snapshots as chunks. */
  void chunkedSnapshots(String migration, String source);
}
