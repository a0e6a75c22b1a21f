package io.tributary.cdc.capture;

import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.tributary.common.event.Topics;
import io.tributary.common.fault.FaultPoints;
import io.tributary.source.spi.capture.AcknowledgeableOffsets;
import io.tributary.source.spi.capture.RecordTranslator;
import io.tributary.source.spi.capture.StreamStart;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.connect.source.SourceRecord;
import org.jboss.logging.Logger;

/**
 * Hands the connector's records to Kafka. A batch's records are marked processed (so the engine may
 * commit their source offsets) only after Kafka acknowledged every one of them, and only those
 * whose offsets the kind's connector resumes from correctly ({@link AcknowledgeableOffsets}); what
 * a record triggers once published (progress recorded in the control schema, fence positions) runs
 * after its acknowledgement too.
 */
final class RecordPublisher
    implements DebeziumEngine.ChangeConsumer<RecordChangeEvent<SourceRecord>> {
  private static final Logger LOG = Logger.getLogger(RecordPublisher.class);

  private final KafkaProducer<String, byte[]> producer;
  private final RecordTranslator translator;
  private final CaptureMetrics.SourceCounters metrics;
  private final OversizedRecords oversized;
  private final AcknowledgeableOffsets acknowledgeable;

  RecordPublisher(
      KafkaProducer<String, byte[]> producer,
      RecordTranslator translator,
      AcknowledgeableOffsets acknowledgeable,
      CaptureMetrics.SourceCounters metrics,
      int maxRecordBytes) {
    this.producer = producer;
    this.translator = translator;
    this.acknowledgeable = acknowledgeable;
    this.metrics = metrics;
    this.oversized = new OversizedRecords(maxRecordBytes);
  }

  @Override
  public void handleBatch(
      List<RecordChangeEvent<SourceRecord>> records,
      DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
      throws InterruptedException {
    List<RecordTranslator.Translation> translations = new ArrayList<>(records.size());
    List<List<Future<RecordMetadata>>> sent = new ArrayList<>(records.size());
    for (RecordChangeEvent<SourceRecord> event : records) {
      RecordTranslator.Translation translation = translator.translate(event.record());
      if (publishesRow(translation)) {
        FaultPoints.reach("capture.before-row"); // counted per row published, not per batch
      }
      List<ProducerRecord<String, byte[]>> fitted = new ArrayList<>(translation.records().size());
      List<Future<RecordMetadata>> futures = new ArrayList<>(translation.records().size());
      for (ProducerRecord<String, byte[]> record : translation.records()) {
        ProducerRecord<String, byte[]> fits = oversized.fit(record);
        if (fits != record) {
          LOG.warnf(
              "A change event for topic %s (key %s) is %d bytes, over the limit: published as a"
                  + " reject",
              record.topic(), record.key(), OversizedRecords.size(record));
        }
        fitted.add(fits);
        futures.add(producer.send(fits));
      }
      translations.add(new RecordTranslator.Translation(fitted, translation.onAcknowledged()));
      sent.add(futures);
    }
    // Every record is waited for below: send the last, partly filled batches now rather than after
    // linger.ms.
    FaultPoints.reach("capture.before-publish");
    producer.flush();
    boolean[] storable =
        acknowledgeable.of(records.stream().map(RecordChangeEvent::record).toList());
    for (int i = 0; i < sent.size(); i++) {
      RecordTranslator.Translation translation = translations.get(i);
      List<RecordMetadata> acknowledged = new ArrayList<>(sent.get(i).size());
      for (int j = 0; j < sent.get(i).size(); j++) {
        try {
          acknowledged.add(sent.get(i).get(j).get());
        } catch (ExecutionException e) {
          if (e.getCause() instanceof RecordTooLargeException tooLarge) {
            // the broker's limit for the topic is lower than ours: the record is replaced by its
            // reject, so that this row does not stop the capture of its whole source
            ProducerRecord<String, byte[]> record = translation.records().get(j);
            acknowledged.add(refusedTooLarge(record, tooLarge));
            continue;
          }
          // Nothing from here on is marked processed: the engine stops and the source offsets stay
          // before this record, so a restart delivers it again.
          throw new IllegalStateException(
              "Failed to publish to topic "
                  + translation.records().get(j).topic()
                  + ": "
                  + e.getCause().getMessage(),
              e.getCause());
        }
      }
      translation.onAcknowledged().accept(acknowledged);
      metrics.acknowledged(translation.records());
      if (storable[i]) {
        markProcessed(committer, records.get(i));
      }
    }
    FaultPoints.reach("capture.after-publish"); // acknowledged by Kafka, offsets not committed
    if (translations.stream().anyMatch(RecordPublisher::publishesRow)) {
      FaultPoints.reach("capture.after-publish-rows"); // the same, counting batches with rows only
    }
    committer.markBatchFinished();
  }

  /**
   * A stream start in the form the kind stores its offsets ({@link AcknowledgeableOffsets#stored}),
   * as the engine's own offsets are stored.
   */
  StreamStart stored(StreamStart start) {
    return new StreamStart(
        start.partition(), new HashMap<>(acknowledgeable.stored(start.offset())));
  }

  /** Marks a record processed with the offset its kind stores for it. */
  private void markProcessed(
      DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer,
      RecordChangeEvent<SourceRecord> event)
      throws InterruptedException {
    Map<String, ?> offset = event.record().sourceOffset();
    Map<String, ?> stored = acknowledgeable.stored(offset);
    if (stored == offset) {
      committer.markProcessed(event);
      return;
    }
    DebeziumEngine.Offsets offsets = committer.buildOffsets();
    stored.forEach(offsets::set);
    committer.markProcessed(event, offsets);
  }

  /**
   * Whether a translation publishes a row (a change or a snapshot read: a record of a table topic,
   * which carries its generation), not only fence or reset markers, progress or nothing.
   */
  private static boolean publishesRow(RecordTranslator.Translation translation) {
    for (ProducerRecord<String, byte[]> record : translation.records()) {
      if (record.headers().lastHeader(Topics.GENERATION_HEADER) != null
          && record.headers().lastHeader(Topics.FENCE_HEADER) == null
          && record.headers().lastHeader(Topics.RESET_HEADER) == null) {
        return true;
      }
    }
    return false;
  }

  private RecordMetadata refusedTooLarge(
      ProducerRecord<String, byte[]> record, RecordTooLargeException e)
      throws InterruptedException {
    LOG.warnf(
        "Kafka refused a change event for topic %s (key %s, %d bytes) as too large: %s;"
            + " published as a reject",
        record.topic(), record.key(), OversizedRecords.size(record), e.getMessage());
    ProducerRecord<String, byte[]> reject =
        OversizedRecords.rejectOf(
            record,
            "Kafka refused the change event of "
                + OversizedRecords.size(record)
                + " bytes as too large ("
                + e.getMessage()
                + "); the row stays in the source: raise the topic's max.message.bytes and resync"
                + " the table");
    try {
      return producer.send(reject).get();
    } catch (ExecutionException again) {
      throw new IllegalStateException(
          "Failed to publish to topic "
              + record.topic()
              + " the reject of a record Kafka refused as too large: "
              + again.getCause().getMessage(),
          again.getCause());
    }
  }
}
