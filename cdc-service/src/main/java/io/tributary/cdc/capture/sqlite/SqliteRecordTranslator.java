package io.tributary.cdc.capture.sqlite;

import io.tributary.cdc.capture.CaptureConfig;
import io.tributary.cdc.capture.CaptureListener;
import io.tributary.cdc.capture.CaptureRepository;
import io.tributary.cdc.capture.CapturedSource;
import io.tributary.cdc.capture.FenceMarkers;
import io.tributary.cdc.capture.RecordTranslator;
import io.tributary.cdc.capture.ResetMarkers;
import io.tributary.cdc.kafka.KafkaClients;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.event.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import java.util.function.ToIntFunction;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.jboss.logging.Logger;

/**
 * Tributary's SQLite connector already emits envelopes on table topics: they are published as they
 * are, each with the source's snapshot generation ({@link Topics#GENERATION_HEADER}). Its progress
 * records (a table's snapshot complete) are recorded in the control schema once Kafka acknowledged
 * them. When the snapshot starts from its beginning, the source moves to its next snapshot
 * generation and reset markers go out before its first row: rows an interrupted earlier start
 * published (some since deleted in the source, whose deletes were before the new start's position)
 * are replaced by the new snapshot, not merged with it.
 */
public final class SqliteRecordTranslator implements RecordTranslator {
  private static final Logger LOG = Logger.getLogger(SqliteRecordTranslator.class);

  private final String progressTopic;
  private final CaptureRepository repository;
  private final CapturedSource source;
  private final ToIntFunction<String> partitions;
  private final BiConsumer<Long, Map<String, Map<Integer, Long>>> fencePublished;
  private final LongSupplier nextGeneration;
  private byte[] generation;

  /**
   * @param partitions the number of partitions of a topic (fence markers go to every one)
   * @param fencePublished told a fence's marker offsets once Kafka acknowledged them
   * @param generation the source's snapshot generation recorded in the control schema
   * @param nextGeneration moves the source to its next snapshot generation and returns it
   */
  public SqliteRecordTranslator(
      String progressTopic,
      CaptureRepository repository,
      CapturedSource source,
      ToIntFunction<String> partitions,
      BiConsumer<Long, Map<String, Map<Integer, Long>>> fencePublished,
      long generation,
      LongSupplier nextGeneration) {
    this.progressTopic = progressTopic;
    this.repository = repository;
    this.source = source;
    this.partitions = partitions;
    this.fencePublished = fencePublished;
    this.nextGeneration = nextGeneration;
    this.generation = Long.toString(generation).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The translator of a change-log capture (a SQLite file's or a Chroma store's) as cdc-service
   * runs it: progress on the configured topic, fences to every partition of the source's topics,
   * the source's snapshot generation from the control schema.
   */
  public static SqliteRecordTranslator of(
      CaptureConfig config,
      CaptureRepository repository,
      CapturedSource source,
      KafkaClients kafka,
      CaptureListener listener) {
    return new SqliteRecordTranslator(
        config.progressTopic(),
        repository,
        source,
        topic -> kafka.producer().partitionsFor(topic).size(),
        listener::fencePublished,
        repository.snapshotGeneration(source.migration(), source.source()),
        listener::nextGeneration);
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
      out.headers().add(new RecordHeader(Topics.GENERATION_HEADER, generation));
      return Translation.of(out);
    }
    CaptureProgress progress = CaptureProgress.parse((byte[]) record.value());
    if (CaptureProgress.SNAPSHOT_STARTED.equals(progress.event())) {
      long previous = Long.parseLong(new String(generation, StandardCharsets.UTF_8));
      long next = nextGeneration.getAsLong();
      generation = Long.toString(next).getBytes(StandardCharsets.UTF_8);
      if (previous == 0) {
        // the first snapshot ever: the target table is new, nothing to replace (and a TRUNCATE
        // would fail on a table another one references)
        return Translation.NOTHING;
      }
      LOG.infof(
          "Snapshot of %s/%s starts: snapshot generation %d replaces what earlier ones wrote",
          source.migration(), source.source(), next);
      return new Translation(
          ResetMarkers.of(next, source.migration(), source.source(), source.topics(), partitions),
          m -> {});
    }
    if (CaptureProgress.TABLE_RESYNC_STARTED.equals(progress.event())) {
      long next = nextGeneration.getAsLong();
      generation = Long.toString(next).getBytes(StandardCharsets.UTF_8);
      String topic =
          source.tableDefs().stream()
              .filter(t -> t.sourceTable().equals(progress.table()))
              .map(TableDef::topic)
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "capture of "
                              + source.id()
                              + " reads table "
                              + progress.table()
                              + " again, which its catalog does not hold"));
      LOG.infof(
          "Table %s of %s/%s is read again: snapshot generation %d replaces what the target holds"
              + " of it",
          progress.table(), source.migration(), source.source(), next);
      return new Translation(
          ResetMarkers.of(next, source.migration(), source.source(), List.of(topic), partitions),
          m -> {});
    }
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
