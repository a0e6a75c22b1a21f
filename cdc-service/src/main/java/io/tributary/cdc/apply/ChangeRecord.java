package io.tributary.cdc.apply;

import io.tributary.common.event.ChangeEvent;
import java.nio.charset.StandardCharsets;

/**
 * A change event as consumed, with where it came from.
 *
 * @param topic the table topic
 * @param partition the partition
 * @param offset the record's offset
 * @param key the record key (the row's key as JSON)
 * @param rawValue the record value as received, UTF-8 JSON bytes (kept for rejects)
 * @param event the decoded envelope (null when it could not be decoded)
 * @param generation the snapshot generation it belongs to ({@link
 *     io.tributary.common.event.Topics#GENERATION_HEADER}; 0 without the header)
 * @param row the event's {@code after} cast to the target columns (null for deletes and for records
 *     not decoded)
 */
public record ChangeRecord(
    String topic,
    int partition,
    long offset,
    String key,
    byte[] rawValue,
    ChangeEvent event,
    long generation,
    DecodedRow row) {

  /**
   * The row of an upsert cast to the target columns as soon as its record was consumed, while its
   * bytes are still in the processor's cache (cast later, after the whole batch was decoded, every
   * row was a cache miss): its values in catalog order, or why they do not fit. A cast error counts
   * only if the record is the last of its key in the batch, as before.
   *
   * @param values the values, null when {@code error} is set
   * @param error why the row does not fit its columns
   */
  public record DecodedRow(Object[] values, String error) {}

  /** A record without a decoded row. */
  public ChangeRecord(
      String topic,
      int partition,
      long offset,
      String key,
      byte[] rawValue,
      ChangeEvent event,
      long generation) {
    this(topic, partition, offset, key, rawValue, event, generation, null);
  }

  /** The value as text (malformed UTF-8 shown as U+FFFD), null without a value. */
  public String rawText() {
    return rawValue == null ? null : new String(rawValue, StandardCharsets.UTF_8);
  }
}
