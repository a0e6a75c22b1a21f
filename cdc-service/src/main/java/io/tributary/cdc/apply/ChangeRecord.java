package io.tributary.cdc.apply;

import io.tributary.common.event.ChangeEvent;

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
 */
public record ChangeRecord(
    String topic,
    int partition,
    long offset,
    String key,
    byte[] rawValue,
    ChangeEvent event,
    long generation) {

  /** The value as text (malformed UTF-8 shown as U+FFFD), null without a value. */
  public String rawText() {
    return rawValue == null ? null : new String(rawValue, java.nio.charset.StandardCharsets.UTF_8);
  }
}
