package io.tributary.cdc.capture;

import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.tributary.cdc.capture.sqlite.CaptureProgress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.source.SourceRecord;
import org.jboss.logging.Logger;

/**
 * Hands the connector's records to Kafka. A batch's records are marked processed (so the engine may
 * commit their source offsets) only after Kafka acknowledged every one of them; progress events are
 * recorded in the control schema after their acknowledgement too.
 */
final class RecordPublisher
    implements DebeziumEngine.ChangeConsumer<RecordChangeEvent<SourceRecord>> {
  private static final Logger LOG = Logger.getLogger(RecordPublisher.class);

  private final KafkaProducer<String, String> producer;
  private final String progressTopic;
  private final CaptureRepository repository;
  private final CaptureMetrics metrics;

  RecordPublisher(
      KafkaProducer<String, String> producer,
      String progressTopic,
      CaptureRepository repository,
      CaptureMetrics metrics) {
    this.producer = producer;
    this.progressTopic = progressTopic;
    this.repository = repository;
    this.metrics = metrics;
  }

  @Override
  public void handleBatch(
      List<RecordChangeEvent<SourceRecord>> records,
      DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
      throws InterruptedException {
    List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
    for (RecordChangeEvent<SourceRecord> event : records) {
      SourceRecord record = event.record();
      sent.add(
          producer.send(
              new ProducerRecord<>(
                  record.topic(), (String) record.key(), (String) record.value())));
    }
    for (int i = 0; i < sent.size(); i++) {
      SourceRecord record = records.get(i).record();
      try {
        sent.get(i).get();
      } catch (ExecutionException e) {
        // Nothing of this batch is marked processed: the engine stops and the source offsets stay
        // before it, so a restart delivers it again.
        throw new IllegalStateException(
            "Failed to publish to topic " + record.topic() + ": " + e.getCause().getMessage(),
            e.getCause());
      }
      if (progressTopic.equals(record.topic())) {
        CaptureProgress progress = CaptureProgress.parse((String) record.value());
        if (CaptureProgress.SNAPSHOT_COMPLETE.equals(progress.event())) {
          repository.markSnapshotComplete(
              progress.migration(), progress.source(), progress.table(), progress.rows());
          LOG.infof(
              "Snapshot of %s/%s.%s delivered to Kafka: %d rows",
              progress.migration(), progress.source(), progress.table(), progress.rows());
        }
      } else {
        metrics.published(1);
      }
      committer.markProcessed(records.get(i));
    }
    committer.markBatchFinished();
  }
}
