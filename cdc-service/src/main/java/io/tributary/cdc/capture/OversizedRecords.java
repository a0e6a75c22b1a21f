package io.tributary.cdc.capture;

import io.tributary.common.event.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A change event too large for a Kafka record must not stop the capture of its whole source (the
 * producer or the broker would refuse it on every restart). It is replaced by a record of the same
 * topic, partition and key that carries {@link Topics#REJECT_HEADER} with its size and the limit,
 * and the beginning of the event for context; apply keeps that record in {@code tributary.rejects},
 * so the row is listed there and validation shows the table differs until the limit is raised and
 * the table resynced.
 */
final class OversizedRecords {
  /** Room for the record batch's and the record's own framing. */
  static final int FRAMING_BYTES = 512;

  /** How much of an oversized event the reject keeps. */
  static final int KEPT_BYTES = 2048;

  private final int maxRecordBytes;

  /**
   * @param maxRecordBytes the producer's {@code max.request.size} (and the topics' {@code
   *     max.message.bytes})
   */
  OversizedRecords(int maxRecordBytes) {
    this.maxRecordBytes = maxRecordBytes;
  }

  /** The size the producer will count for {@code record}, uncompressed, framing included. */
  static long size(ProducerRecord<String, byte[]> record) {
    long size = FRAMING_BYTES;
    if (record.key() != null) {
      size += record.key().getBytes(StandardCharsets.UTF_8).length;
    }
    if (record.value() != null) {
      size += record.value().length;
    }
    for (Header header : record.headers()) {
      size += header.key().length() + (header.value() == null ? 0 : header.value().length);
    }
    return size;
  }

  /** {@code record} itself when it fits, else its reject ({@link #rejectOf}). */
  ProducerRecord<String, byte[]> fit(ProducerRecord<String, byte[]> record) {
    long size = size(record);
    if (size <= maxRecordBytes) {
      return record;
    }
    return rejectOf(
        record,
        "the change event is "
            + size
            + " bytes, over the "
            + maxRecordBytes
            + " bytes a record may have (tributary.capture.max-record-bytes); the row stays in the"
            + " source: raise the limit and resync the table");
  }

  /**
   * The record that stands for {@code record} when Kafka refuses it: same topic, partition, key and
   * headers, the reason in {@link Topics#REJECT_HEADER}, the event's first bytes as its value.
   */
  static ProducerRecord<String, byte[]> rejectOf(
      ProducerRecord<String, byte[]> record, String reason) {
    RecordHeaders headers = new RecordHeaders();
    for (Header header : record.headers()) {
      if (!header.key().equals(Topics.REJECT_HEADER)) {
        headers.add(header);
      }
    }
    headers.add(new RecordHeader(Topics.REJECT_HEADER, reason.getBytes(StandardCharsets.UTF_8)));
    return new ProducerRecord<>(
        record.topic(), record.partition(), record.key(), beginning(record.value()), headers);
  }

  /** The first {@link #KEPT_BYTES} bytes, cut before a UTF-8 continuation byte. */
  private static byte[] beginning(byte[] value) {
    if (value == null || value.length <= KEPT_BYTES) {
      return value;
    }
    int end = KEPT_BYTES;
    while (end > 0 && (value[end] & 0xC0) == 0x80) {
      end--;
    }
    return Arrays.copyOf(value, end);
  }
}
