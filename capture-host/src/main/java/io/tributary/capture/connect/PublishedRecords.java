package io.tributary.capture.connect;

import io.tributary.source.spi.capture.RecordTranslator;
import io.tributary.source.spi.capture.RecordTranslator.Translation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * The records a Kafka Connect task publishes for its in-process capture's records, as the capture's
 * {@link RecordTranslator} made them, each kept until Kafka acknowledged it: once all of a
 * translation's records are, its bookkeeping may run.
 */
final class PublishedRecords {
  private final Map<SourceRecord, Acknowledgement> outstanding =
      Collections.synchronizedMap(new IdentityHashMap<>());

  /**
   * A capture's record whose published records Kafka acknowledged, every one.
   *
   * @param metadata the acknowledgements, in the translation's order
   */
  record Done(SourceRecord original, Translation translation, List<RecordMetadata> metadata) {}

  /** The records one source record became, until Kafka acknowledged every one. */
  private static final class Acknowledgement {
    final SourceRecord original;
    final Translation translation;
    private final List<SourceRecord> expected;
    private final RecordMetadata[] metadata;
    private int missing;

    Acknowledgement(SourceRecord original, Translation translation, int count) {
      this.original = original;
      this.translation = translation;
      this.expected = new ArrayList<>(count);
      this.metadata = new RecordMetadata[count];
      this.missing = count;
    }

    void expect(SourceRecord published) {
      expected.add(published);
    }

    /** Records one acknowledgement; all of them, in order, once the last arrived, else null. */
    synchronized List<RecordMetadata> acknowledged(SourceRecord published, RecordMetadata meta) {
      for (int i = 0; i < expected.size(); i++) {
        if (expected.get(i) == published && metadata[i] == null) {
          metadata[i] = meta;
          missing--;
          break;
        }
      }
      return missing == 0 ? Arrays.asList(metadata) : null;
    }
  }

  /** Adds to {@code out} what the translator makes of a capture's record. */
  void translate(RecordTranslator translator, SourceRecord record, List<SourceRecord> out) {
    Translation translation = translator.translate(record);
    List<ProducerRecord<String, byte[]>> produced = translation.records();
    if (produced.isEmpty()) {
      return; // nothing to publish; the next record's acknowledgement covers its position
    }
    Acknowledgement ack = new Acknowledgement(record, translation, produced.size());
    for (ProducerRecord<String, byte[]> p : produced) {
      ConnectHeaders headers = new ConnectHeaders();
      for (Header h : p.headers()) {
        headers.addBytes(h.key(), h.value());
      }
      SourceRecord published =
          new SourceRecord(
              record.sourcePartition(),
              record.sourceOffset(),
              p.topic(),
              p.partition(),
              Schema.OPTIONAL_STRING_SCHEMA,
              p.key(),
              Schema.OPTIONAL_BYTES_SCHEMA,
              p.value(),
              null,
              headers);
      ack.expect(published);
      outstanding.put(published, ack);
      out.add(published);
    }
  }

  /**
   * Kafka acknowledged a published record.
   *
   * @return its translation, once every record of it is acknowledged; else null
   */
  Done acknowledged(SourceRecord record, RecordMetadata metadata) {
    Acknowledgement ack = outstanding.remove(record);
    if (ack == null) {
      return null;
    }
    List<RecordMetadata> all = ack.acknowledged(record, metadata);
    return all == null ? null : new Done(ack.original, ack.translation, all);
  }

  /** Forgets the records not acknowledged (the capture stopped). */
  void clear() {
    outstanding.clear();
  }
}
