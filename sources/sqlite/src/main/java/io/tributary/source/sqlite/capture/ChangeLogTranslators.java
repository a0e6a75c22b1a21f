package io.tributary.source.sqlite.capture;

import io.tributary.source.spi.capture.CaptureBookkeeping;
import io.tributary.source.spi.capture.CaptureContext;
import io.tributary.source.spi.capture.CaptureListener;
import io.tributary.source.spi.capture.CaptureRecords;
import io.tributary.source.spi.capture.CapturedSource;
import java.util.Map;

/**
 * The translator of a change-log capture (a SQLite file's, a Chroma store's) as cdc-service runs
 * it: its progress recorded through the control-schema repository and the supervisor's listener,
 * markers to every partition the producer sees; the source recorded as one whose snapshots travel
 * as chunks.
 */
public final class ChangeLogTranslators {
  private ChangeLogTranslators() {}

  public static SqliteRecordTranslator of(
      CaptureContext context, CapturedSource source, CaptureListener listener) {
    CaptureRecords repository = context.records();
    // before the first chunk: apply reads the snapshot topic of a source that sends chunks
    repository.declareChunkedSnapshots(source.migration(), source.source());
    CaptureBookkeeping bookkeeping =
        new CaptureBookkeeping() {
          @Override
          public long snapshotGeneration() {
            return repository.snapshotGeneration(source.migration(), source.source());
          }

          @Override
          public long nextGeneration() {
            return listener.nextGeneration();
          }

          @Override
          public void snapshotComplete(String table, long rows) {
            repository.markSnapshotSent(source.migration(), source.source(), "main", table, rows);
          }

          @Override
          public void fencePublished(long fence, Map<String, Map<Integer, Long>> offsets) {
            listener.fencePublished(fence, offsets);
          }
        };
    return new SqliteRecordTranslator(
        context.settings().progressTopic(),
        source.migration(),
        source.source(),
        source.tableDefs(),
        context.partitionsFor(),
        bookkeeping);
  }
}
