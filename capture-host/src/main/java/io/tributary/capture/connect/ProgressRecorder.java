package io.tributary.capture.connect;

import io.tributary.capture.connect.CaptureLauncher.Launched;
import io.tributary.capture.connect.PublishedRecords.Done;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a capture's progress once Kafka acknowledged a translation's records: the translation's
 * bookkeeping (snapshot completions, fences published), retried while the control schema does not
 * answer, then the kind's task is told the record is committed.
 */
final class ProgressRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectCaptureTask.class);

  private final String sourceId;

  ProgressRecorder(String sourceId) {
    this.sourceId = sourceId;
  }

  /**
   * @param stopping true once the task stops: the bookkeeping is not retried any more
   * @param running the capture running once the bookkeeping is done, if any
   */
  void record(Done done, BooleanSupplier stopping, Supplier<Launched> running) {
    while (!stopping.getAsBoolean()) {
      try {
        done.translation().onAcknowledged().accept(done.metadata());
        break;
      } catch (RuntimeException e) {
        LOG.warn("Recording progress of {} failed (retrying): {}", sourceId, e.getMessage());
        try {
          Thread.sleep(1_000);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
    Launched now = running.get();
    if (now != null) {
      // the change log may be trimmed up to the record's position
      try {
        now.task().commitRecord(done.original(), done.metadata().get(done.metadata().size() - 1));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
