package io.tributary.source.spi.capture;

import java.util.Map;

/**
 * What a capture records in the control schema as its records are acknowledged by Kafka: where it
 * runs decides how (cdc-service through its reactive pool, a Kafka Connect worker through JDBC).
 */
public interface CaptureBookkeeping {
  /** The source's snapshot generation recorded now (0 before its first snapshot). */
  long snapshotGeneration();

  /** Starts the source's next snapshot generation and returns its number. */
  long nextGeneration();

  /** A table's snapshot chunks and end marker were all acknowledged by Kafka. */
  void snapshotComplete(String table, long rows);

  /** A fence's markers were acknowledged on every partition: topic to partition to offset. */
  void fencePublished(long fence, Map<String, Map<Integer, Long>> offsets);
}
