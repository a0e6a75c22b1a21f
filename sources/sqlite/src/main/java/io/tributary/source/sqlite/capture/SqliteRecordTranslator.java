package io.tributary.source.sqlite.capture;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.event.SnapshotEnd;
import io.tributary.common.event.SourcePosition;
import io.tributary.common.event.Topics;
import io.tributary.source.spi.capture.CaptureBookkeeping;
import io.tributary.source.spi.capture.FenceMarkers;
import io.tributary.source.spi.capture.RecordTranslator;
import io.tributary.source.spi.capture.ResetMarkers;
import io.tributary.source.spi.capture.SnapshotTopicRecords;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tributary's SQLite connector already emits envelopes on table topics and snapshot chunks on the
 * source's snapshot topic: they are published as they are, each with the source's snapshot
 * generation ({@link Topics#GENERATION_HEADER}). A table's snapshot complete is followed by its end
 * marker on the snapshot topic ({@link SnapshotEnd}) and recorded in the control schema once Kafka
 * acknowledged both. When the snapshot starts from its beginning, the source moves to its next
 * snapshot generation and reset markers go out before its first row: rows an interrupted earlier
 * start published (some since deleted in the source, whose deletes were before the new start's
 * position) are replaced by the new snapshot, not merged with it.
 */
public final class SqliteRecordTranslator implements RecordTranslator {
  private static final Logger LOG = LoggerFactory.getLogger(SqliteRecordTranslator.class);

  private final String progressTopic;
  private final String migration;
  private final String source;
  private final List<TableDef> tables;
  private final List<String> topics;
  private final String snapshotTopic;
  private final ToIntFunction<String> partitions;
  private final CaptureBookkeeping bookkeeping;
  private byte[] generation;

  /**
   * A change-log capture's translator (a SQLite file's or a Chroma store's): progress on {@code
   * progressTopic}, fences and resets to every partition of the source's topics, the source's
   * snapshot generation from the control schema.
   *
   * @param tables the source's tables (their topics receive the markers)
   * @param partitions the number of partitions of a topic (markers go to every one)
   * @param bookkeeping where progress is recorded once Kafka acknowledged it
   */
  public SqliteRecordTranslator(
      String progressTopic,
      String migration,
      String source,
      List<TableDef> tables,
      ToIntFunction<String> partitions,
      CaptureBookkeeping bookkeeping) {
    this.progressTopic = progressTopic;
    this.migration = migration;
    this.source = source;
    this.tables = List.copyOf(tables);
    this.topics = tables.stream().map(TableDef::topic).toList();
    this.snapshotTopic = Topics.snapshotTopic(migration, source);
    this.partitions = partitions;
    this.bookkeeping = bookkeeping;
    this.generation =
        Long.toString(bookkeeping.snapshotGeneration()).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public Translation translate(SourceRecord record) {
    if (snapshotTopic.equals(record.topic())) {
      return Translation.of(
          SnapshotTopicRecords.chunk(
              snapshotTopic,
              (String) record.key(),
              (byte[]) record.value(),
              headers(record),
              current()));
    }
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
    Header position = record.headers().lastWithName(Topics.POSITION_HEADER);
    if (position != null) {
      out.headers()
          .add(
              new RecordHeader(
                  Topics.POSITION_HEADER,
                  String.valueOf(position.value()).getBytes(StandardCharsets.UTF_8)));
    }
    if (!progressTopic.equals(record.topic())) {
      out.headers().add(new RecordHeader(Topics.GENERATION_HEADER, generation));
      return Translation.of(out);
    }
    CaptureProgress progress = CaptureProgress.parse((byte[]) record.value());
    if (CaptureProgress.SNAPSHOT_STARTED.equals(progress.event())) {
      long previous = Long.parseLong(new String(generation, StandardCharsets.UTF_8));
      long next = bookkeeping.nextGeneration();
      generation = Long.toString(next).getBytes(StandardCharsets.UTF_8);
      if (previous == 0) {
        // the first snapshot ever: the target table is new, nothing to replace (and a TRUNCATE
        // would fail on a table another one references)
        return Translation.NOTHING;
      }
      LOG.info(
          "Snapshot of {}/{} starts: snapshot generation {} replaces what earlier ones wrote",
          migration,
          source,
          next);
      List<ProducerRecord<String, byte[]>> markers =
          new ArrayList<>(ResetMarkers.of(next, migration, source, topics, partitions));
      markers.addAll(SnapshotTopicRecords.resets(snapshotTopic, next, migration, source, topics));
      return new Translation(markers, m -> {});
    }
    if (CaptureProgress.TABLE_RESYNC_STARTED.equals(progress.event())) {
      long next = bookkeeping.nextGeneration();
      generation = Long.toString(next).getBytes(StandardCharsets.UTF_8);
      String topic = topicOf(progress.table());
      LOG.info(
          "Table {} of {}/{} is read again: snapshot generation {} replaces what the target holds"
              + " of it",
          progress.table(),
          migration,
          source,
          next);
      List<ProducerRecord<String, byte[]>> markers =
          new ArrayList<>(ResetMarkers.of(next, migration, source, List.of(topic), partitions));
      markers.addAll(
          SnapshotTopicRecords.resets(snapshotTopic, next, migration, source, List.of(topic)));
      return new Translation(markers, m -> {});
    }
    if (CaptureProgress.FENCE.equals(progress.event())) {
      if (!migration.equals(progress.migration()) || !source.equals(progress.source())) {
        return Translation.NOTHING; // a fence of another capture of the same file
      }
      long fence = progress.fence();
      // the fence's position in the change log, when the record carries it (as its changes do)
      List<ProducerRecord<String, byte[]>> markers =
          position == null
              ? FenceMarkers.of(fence, migration, source, topics, partitions)
              : FenceMarkers.of(
                  fence,
                  migration,
                  source,
                  topics,
                  partitions,
                  SourcePosition.parse(
                      String.valueOf(position.value()).getBytes(StandardCharsets.UTF_8)));
      return new Translation(
          markers,
          acknowledged -> bookkeeping.fencePublished(fence, FenceMarkers.offsets(acknowledged)));
    }
    if (!CaptureProgress.SNAPSHOT_COMPLETE.equals(progress.event())) {
      return Translation.of(out);
    }
    // the end marker follows the table's chunks on their partition; recorded once Kafka has it,
    // and so every chunk before it
    SnapshotEnd end =
        new SnapshotEnd(
            topicOf(progress.table()),
            current(),
            progress.chunks(),
            progress.rows() - progress.rejects(),
            progress.rejects());
    return new Translation(
        List.of(SnapshotTopicRecords.end(snapshotTopic, end), out),
        acknowledged -> {
          bookkeeping.snapshotComplete(progress.table(), progress.rows());
          LOG.info(
              "Snapshot of {}/{}.{} delivered to Kafka: {} rows in {} chunks, {} rejected",
              progress.migration(),
              progress.source(),
              progress.table(),
              progress.rows(),
              progress.chunks(),
              progress.rejects());
        });
  }

  private long current() {
    return Long.parseLong(new String(generation, StandardCharsets.UTF_8));
  }

  /** The headers of a connector's record, as text. */
  private static Map<String, String> headers(SourceRecord record) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (Header h : record.headers()) {
      headers.put(h.key(), String.valueOf(h.value()));
    }
    return headers;
  }

  /** The topic of a table of the source, by its source name. */
  private String topicOf(String table) {
    return tables.stream()
        .filter(t -> t.sourceTable().equals(table))
        .map(TableDef::topic)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "capture of "
                        + migration
                        + "/"
                        + source
                        + " reads table "
                        + table
                        + ", which its catalog does not hold"));
  }
}
