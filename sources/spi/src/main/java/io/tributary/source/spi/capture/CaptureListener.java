package io.tributary.source.spi.capture;

import io.tributary.common.catalog.TableDef;
import java.util.Map;

/** Records a capture's progress in the control schema; given to {@link SourceCapture#prepare}. */
public interface CaptureListener {
  /** A table's snapshot rows were all acknowledged by Kafka. */
  void tableComplete(TableDef table, long rows);

  /** A fence's markers were acknowledged on every partition: topic to partition to offset. */
  void fencePublished(long fence, Map<String, Map<Integer, Long>> offsets);

  /** Starts a new snapshot generation of the source and returns its number. */
  long nextGeneration();
}
