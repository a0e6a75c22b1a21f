package io.tributary.source.spi.capture;

import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.source.SourceRecord;

/** Turns a connector's records into what capture publishes, and what it does once published. */
public interface RecordTranslator {

  /**
   * What one connector record becomes.
   *
   * @param records the Kafka records to publish, in order (none for a record that carries no data,
   *     e.g. a heartbeat)
   * @param onAcknowledged run once Kafka acknowledged every one of them, with their metadata in the
   *     same order, before the connector record is marked processed
   */
  record Translation(
      List<ProducerRecord<String, byte[]>> records, Consumer<List<RecordMetadata>> onAcknowledged) {
    public static final Translation NOTHING = new Translation(List.of(), m -> {});

    public static Translation of(ProducerRecord<String, byte[]> record) {
      return new Translation(List.of(record), m -> {});
    }
  }

  Translation translate(SourceRecord record);
}
