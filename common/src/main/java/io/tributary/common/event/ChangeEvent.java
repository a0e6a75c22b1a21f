package io.tributary.common.event;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The value of every change event on a table topic: Debezium's JSON envelope without an embedded
 * schema. Column types come from the catalog recorded at provisioning; {@code before}/{@code after}
 * map column names to values encoded per target type, JSON null being SQL NULL (a missing column
 * reads as NULL too):
 *
 * <table>
 *   <caption>Envelope encoding of column values</caption>
 *   <tr><th>target type</th><th>JSON value</th><th>Java value after decoding</th></tr>
 *   <tr><td>smallint, integer, bigint</td><td>number (integral; range-checked)</td>
 *       <td>Short, Integer, Long</td></tr>
 *   <tr><td>real, double precision</td><td>number; {@code "NaN"}, {@code "Infinity"}, {@code
 *       "-Infinity"}</td><td>Float (nearest float32), Double</td></tr>
 *   <tr><td>numeric, numeric(p,s)</td><td>number or string, exact; {@code "NaN"}, {@code
 *       "Infinity"}, {@code "-Infinity"}</td><td>BigDecimal (rounded to s); Double for the three
 *       specials</td></tr>
 *   <tr><td>text, varchar(n), char(n)</td><td>string (a number becomes its text); no NUL</td>
 *       <td>String (char(n) padded)</td></tr>
 *   <tr><td>bytea</td><td>base64 string</td><td>byte[]</td></tr>
 *   <tr><td>boolean</td><td>true/false (also 1/0 and {@code "t"}, {@code "yes"}, {@code "off"}, ...)</td>
 *       <td>Boolean</td></tr>
 *   <tr><td>uuid</td><td>string, 8-4-4-4-12 hex (any case, braces allowed)</td><td>UUID</td></tr>
 *   <tr><td>json, jsonb</td><td>a string is the document's text (must be valid JSON); any
 *       other JSON value (object, array, number, boolean) is the document itself; no NUL</td>
 *       <td>{@link io.tributary.common.value.JsonText}</td></tr>
 *   <tr><td>date</td><td>ISO-8601 {@code "2024-01-31"} ({@code 0000} = 1 BC, {@code -0043} = 44
 *       BC); {@code "infinity"}, {@code "-infinity"}</td><td>LocalDate (MAX/MIN)</td></tr>
 *   <tr><td>time(p)</td><td>{@code "10:15:30.123456"}</td><td>LocalTime, rounded to p</td></tr>
 *   <tr><td>timestamp(p)</td><td>{@code "2024-01-31T10:15:30.123456"}, no offset; {@code
 *       "infinity"}</td><td>LocalDateTime, rounded to p (MAX for infinity)</td></tr>
 *   <tr><td>timestamptz(p)</td><td>{@code "2024-01-31T10:15:30.123456+02:00"}, offset or {@code
 *       Z} required; {@code "infinity"}</td><td>OffsetDateTime in UTC, rounded to p (MAX for
 *       infinity)</td></tr>
 *   <tr><td>vector(n), halfvec(n)</td><td>array of n numbers (or pgvector's text {@code
 *       "[1,2,3]"}); no NaN or infinities</td><td>float[] (float32; halfvec rounded to half
 *       precision)</td></tr>
 *   <tr><td>sparsevec(n)</td><td>pgvector's text form, 1-based: {@code "{1:0.5,3:2}/5"}</td>
 *       <td>{@link io.tributary.common.value.SparseVector}</td></tr>
 *   <tr><td>enum</td><td>string, the label</td><td>String</td></tr>
 *   <tr><td>kept by its text form ({@code tsvector}, {@code interval}, {@code inet}, a range,
 *       ...)</td><td>string, PostgreSQL's text form; an array: its literal, or a JSON array of the
 *       elements' texts</td><td>String</td></tr>
 *   <tr><td>arrays</td><td>JSON array of elements encoded as above, null for a NULL element,
 *       nested arrays for more dimensions (json, jsonb and vector elements: one-dimensional)</td>
 *       <td>List (nested Lists)</td></tr>
 * </table>
 *
 * <p>Binary data in a column that is not bytea is sent as {@code {"$binary": "<base64>"}} and
 * refused when decoded. Timestamps carry at most 6 fractional digits that count (more are rounded);
 * {@code -infinity} timestamps are refused for now (the Vert.x client cannot write them).
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

  /** The same event without its {@code after} row (once the row was taken out of it). */
  public ChangeEvent withoutAfter() {
    return new ChangeEvent(before, null, op, tsMs, source);
  }

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
