package io.tributary.common.event;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The value of every change event on a table topic: Debezium's JSON envelope without an embedded
 * schema. Column values are JSON: integers and reals as numbers (non-finite reals as the strings
 * {@code Infinity}, {@code -Infinity}, {@code NaN}), text as strings, binary as base64 strings,
 * NULL as null. Column types come from the catalog recorded at provisioning.
 *
 * @param before the row before the change (deletes and updates; may be only the key)
 * @param after the row after the change (reads, creates, updates)
 * @param op the operation
 * @param tsMs when the event was made by capture
 * @param source where and when the change happened
 */
public record ChangeEvent(
    ObjectNode before,
    ObjectNode after,
    Op op,
    @JsonProperty("ts_ms") long tsMs,
    SourceInfo source) {

  /** A row read by a snapshot. */
  public static ChangeEvent read(ObjectNode after, SourceInfo source, long tsMs) {
    return new ChangeEvent(null, after, Op.READ, tsMs, source);
  }

  /** A row inserted. */
  public static ChangeEvent insert(ObjectNode after, SourceInfo source, long tsMs) {
    return new ChangeEvent(null, after, Op.CREATE, tsMs, source);
  }

  /** A row updated. */
  public static ChangeEvent update(
      ObjectNode before, ObjectNode after, SourceInfo source, long tsMs) {
    return new ChangeEvent(before, after, Op.UPDATE, tsMs, source);
  }

  /** A row deleted; {@code before} holds at least the key. */
  public static ChangeEvent delete(ObjectNode before, SourceInfo source, long tsMs) {
    return new ChangeEvent(before, null, Op.DELETE, tsMs, source);
  }
}
