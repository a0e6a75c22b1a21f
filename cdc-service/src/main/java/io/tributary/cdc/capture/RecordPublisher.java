package io.tributary.cdc.capture;

import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Hands the connector's records to Kafka. A batch's records are marked processed (so the engine may
 * commit their source offsets) only after Kafka acknowledged every one of them; what a record
 * triggers once published (progress recorded in the control schema, fence positions) runs after its
 * acknowledgement too.
 */
final class RecordPublisher
    implements DebeziumEngine.ChangeConsumer<RecordChangeEvent<SourceRecord>> {
  private final KafkaProducer<String, byte[]> producer;
  private final RecordTranslator translator;
  private final CaptureMetrics metrics;

  RecordPublisher(
      KafkaProducer<String, byte[]> producer, RecordTranslator translator, CaptureMetrics metrics) {
    this.producer = producer;
    this.translator = translator;
    this.metrics = metrics;
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
      translations.add(translation);
      List<Future<RecordMetadata>> futures = new ArrayList<>(translation.records().size());
      for (ProducerRecord<String, byte[]> record : translation.records()) {
        futures.add(producer.send(record));
      }
      sent.add(futures);
    }
    // Every record is waited for below: send the last, partly filled batches now rather than after
    // linger.ms.
    producer.flush();
    for (int i = 0; i < sent.size(); i++) {
      RecordTranslator.Translation translation = translations.get(i);
      List<RecordMetadata> acknowledged = new ArrayList<>(sent.get(i).size());
      for (int j = 0; j < sent.get(i).size(); j++) {
        try {
          acknowledged.add(sent.get(i).get(j).get());
        } catch (ExecutionException e) {
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
      metrics.published(acknowledged.size());
      committer.markProcessed(records.get(i));
    }
    committer.markBatchFinished();
  }
}
