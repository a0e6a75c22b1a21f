package io.tributary.cdc.capture.sqlite;

import io.tributary.cdc.capture.CaptureRepository;
import io.tributary.cdc.capture.CapturedSource;
import io.tributary.cdc.capture.FenceMarkers;
import io.tributary.cdc.capture.RecordTranslator;
import io.tributary.common.event.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.ToIntFunction;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.jboss.logging.Logger;

/**
 * Tributary's SQLite connector already emits envelopes on table topics: they are published as they
 * are. Its progress records (a table's snapshot complete) are recorded in the control schema once
 * Kafka acknowledged them.
 */
public final class SqliteRecordTranslator implements RecordTranslator {
  private static final Logger LOG = Logger.getLogger(SqliteRecordTranslator.class);

  private final String progressTopic;
  private final CaptureRepository repository;
  private final CapturedSource source;
  private final ToIntFunction<String> partitions;
  private final BiConsumer<Long, Map<String, Map<Integer, Long>>> fencePublished;

  /**
   * @param partitions the number of partitions of a topic (fence markers go to every one)
   * @param fencePublished told a fence's marker offsets once Kafka acknowledged them
   */
  public SqliteRecordTranslator(
      String progressTopic,
      CaptureRepository repository,
      CapturedSource source,
      ToIntFunction<String> partitions,
      BiConsumer<Long, Map<String, Map<Integer, Long>>> fencePublished) {
    this.progressTopic = progressTopic;
    this.repository = repository;
    this.source = source;
    this.partitions = partitions;
    this.fencePublished = fencePublished;
  }

  @Override
  public Translation translate(SourceRecord record) {
    ProducerRecord<String, byte[]> out =
        new ProducerRecord<>(record.topic(), (String) record.key(), (byte[]) record.value());
    Header reject = record.headers().lastWithName(Topics.REJECT_HEADER);
    if (reject != null) {
      out.headers()
          .add(
              new RecordHeader(
                  Topics.REJECT_HEADER,
                  String.valueOf(reject.value()).getBytes(StandardCharsets.UTF_8)));
    }
    if (!progressTopic.equals(record.topic())) {
      return Translation.of(out);
    }
    CaptureProgress progress = CaptureProgress.parse((byte[]) record.value());
    if (CaptureProgress.FENCE.equals(progress.event())) {
      if (!source.migration().equals(progress.migration())
          || !source.source().equals(progress.source())) {
        return Translation.NOTHING; // a fence of another capture of the same file
      }
      long fence = progress.fence();
      return new Translation(
          FenceMarkers.of(fence, source.migration(), source.source(), source.topics(), partitions),
          acknowledged -> fencePublished.accept(fence, FenceMarkers.offsets(acknowledged)));
    }
    if (!CaptureProgress.SNAPSHOT_COMPLETE.equals(progress.event())) {
      return Translation.of(out);
    }
    return new Translation(
        List.of(out),
        acknowledged -> {
          repository.markSnapshotComplete(
              progress.migration(), progress.source(), "main", progress.table(), progress.rows());
          LOG.infof(
              "Snapshot of %s/%s.%s delivered to Kafka: %d rows",
              progress.migration(), progress.source(), progress.table(), progress.rows());
        });
  }
}
