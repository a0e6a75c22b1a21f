package io.tributary.cdc.capture;

import io.tributary.cdc.CaptureConfig;
import io.tributary.cdc.kafka.KafkaClients;
import io.tributary.connect.CaptureBookkeeping;
import io.tributary.connect.sqlite.SqliteRecordTranslator;
import java.util.Map;

/**
 * The translator of a change-log capture (a SQLite file's, a Chroma store's) as cdc-service runs
 * it: its progress recorded through the control-schema repository and the supervisor's listener,
 * markers to every partition the producer sees.
 */
public final class ChangeLogTranslators {
  private ChangeLogTranslators() {}

  public static SqliteRecordTranslator of(
      CaptureConfig config,
      CaptureRepository repository,
      CapturedSource source,
      KafkaClients kafka,
      CaptureListener listener) {
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
            repository.markSnapshotComplete(
                source.migration(), source.source(), "main", table, rows);
          }

          @Override
          public void fencePublished(long fence, Map<String, Map<Integer, Long>> offsets) {
            listener.fencePublished(fence, offsets);
          }
        };
    return new SqliteRecordTranslator(
        config.progressTopic(),
        source.migration(),
        source.source(),
        source.tableDefs(),
        topic -> kafka.producer().partitionsFor(topic).size(),
        bookkeeping);
  }
}
