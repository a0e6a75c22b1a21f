package io.tributary.common.copy;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.value.JsonText;
import io.tributary.common.value.Utf8Text;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.postgresql.util.ByteConverter;

/**
 * Rows in {@code COPY}'s binary format ({@code COPY ... FROM STDIN (FORMAT binary)}): the
 * signature, then per row its field count and each field as a 32-bit length (-1 for NULL) and the
 * type's binary form ({@code typsend}), then -1. Values are those {@link
 * io.tributary.common.value.RowDecoder} gives, one Java type per target type ({@link
 * io.tributary.common.catalog.TargetType}); the types are those of {@link
 * io.tributary.common.sql.BulkLoad#BINARY_TYPES}.
 *
 * <p>Each value goes in its exact binary form: a {@code vector} as its float32 elements (never
 * formatted and parsed as decimals), a {@code numeric} as base-10000 digits, temporal values as
 * microseconds from 2000-01-01 ({@code infinity} as PostgreSQL's own sentinels). PostgreSQL still
 * checks each value against its column on the way in ({@code varchar(n)} lengths, {@code vector(n)}
 * dimensions, NUL characters in text): a row it refuses fails its {@code COPY}, and the writer
 * isolates it (cdc-service's {@code SnapshotWriter}).
 */
public final class CopyBinaryEncoder {
  private static final byte[] SIGNATURE = {
    'P',
    'G',
    'C',
    'O',
    'P',
    'Y',
    '\n',
    (byte) 0xFF,
    '\r',
    '\n',
    0, // signature
    0,
    0,
    0,
    0, // flags
    0,
    0,
    0,
    0 // header extension length
  };

  /** Seconds from 1970-01-01 to 2000-01-01, PostgreSQL's epoch. */
  static final long POSTGRES_EPOCH_SECONDS = 946_684_800L;

  /** Days from 1970-01-01 to 2000-01-01. */
  static final long POSTGRES_EPOCH_DAYS = 10_957L;

  private static final short NUMERIC_NAN = (short) 0xC000;
  private static final short NUMERIC_PINF = (short) 0xD000;
  private static final short NUMERIC_NINF = (short) 0xF000;

  /** What each row carries after the table's own columns. */
  public enum Provenance {
    /** Nothing: the table's columns only. */
    NONE,
    /**
     * The partition, offset and key of the row's record ({@link
     * io.tributary.common.sql.BulkLoad#PROVENANCE}: {@code integer}, {@code bigint}, {@code text}).
     */
    RECORD,
    /**
     * The row's key as capture wrote it ({@code text}) and its place among the rows read for its
     * snapshot chunk ({@code integer}): the chunk's record supplies its partition and offset.
     */
    CHUNK
  }

  private final List<ColumnDef> columns;
  private final Provenance provenance;
  private byte[] bytes = new byte[64 * 1024];
  private ByteBuffer out = ByteBuffer.wrap(bytes); // big-endian, as COPY wants

  /** Rows of these columns only. */
  public CopyBinaryEncoder(List<ColumnDef> columns) {
    this(columns, false);
  }

  /**
   * Rows of these columns, followed, with {@code provenance}, by the partition, offset and key of
   * each row's record ({@link io.tributary.common.sql.BulkLoad#PROVENANCE}: {@code integer}, {@code
   * bigint}, {@code text}).
   */
  public CopyBinaryEncoder(List<ColumnDef> columns, boolean provenance) {
    this(columns, provenance ? Provenance.RECORD : Provenance.NONE);
  }

  /** Rows of these columns, each followed by {@code provenance}. */
  public CopyBinaryEncoder(List<ColumnDef> columns, Provenance provenance) {
    this.columns = columns;
    this.provenance = provenance;
  }

  /** Starts a new stream: the signature and header. */
  public CopyBinaryEncoder begin() {
    out.clear();
    put(SIGNATURE);
    return this;
  }

  /** Appends one row, values in column order (an encoder without provenance). */
  public CopyBinaryEncoder row(Object[] values) {
    expect(Provenance.NONE);
    fields(values, columns.size());
    return this;
  }

  /**
   * Appends one row, values in column order, then its record's partition, offset and key (an
   * encoder with provenance).
   */
  public CopyBinaryEncoder row(Object[] values, int partition, long offset, String key) {
    expect(Provenance.RECORD);
    fields(values, columns.size() + 3);
    fixed(4).putInt(partition);
    fixed(8).putLong(offset);
    text(key);
    return this;
  }

  /**
   * Appends one row of a snapshot chunk, values in column order, then the row's key as capture
   * wrote it and its place among the rows read for the chunk (an encoder of {@link
   * Provenance#CHUNK}).
   */
  public CopyBinaryEncoder row(Object[] values, String key, int place) {
    expect(Provenance.CHUNK);
    fields(values, columns.size() + 2);
    return chunkProvenance(key, place);
  }

  /**
   * Appends one row whose values are already in binary {@code COPY} form: {@code length} bytes of
   * {@code fields} from {@code offset}, each column's field (32-bit length, -1 for NULL, and its
   * bytes) in column order (an encoder without provenance). The bytes are not checked.
   */
  public CopyBinaryEncoder encodedRow(byte[] fields, int offset, int length) {
    expect(Provenance.NONE);
    encodedFields(fields, offset, length, columns.size());
    return this;
  }

  /**
   * Appends one row of a snapshot chunk whose values are already in binary {@code COPY} form (as
   * {@link #encodedRow(byte[], int, int)}), then the row's key and its place (an encoder of {@link
   * Provenance#CHUNK}).
   */
  public CopyBinaryEncoder encodedRow(
      byte[] fields, int offset, int length, String key, int place) {
    expect(Provenance.CHUNK);
    encodedFields(fields, offset, length, columns.size() + 2);
    return chunkProvenance(key, place);
  }

  private void encodedFields(byte[] fields, int offset, int length, int count) {
    ensure(2 + length);
    out.putShort((short) count).put(fields, offset, length);
  }

  private CopyBinaryEncoder chunkProvenance(String key, int place) {
    text(key);
    fixed(4).putInt(place);
    return this;
  }

  private void expect(Provenance layout) {
    if (provenance != layout) {
      throw new IllegalStateException(
          "this encoder writes rows with provenance " + provenance + ", not " + layout);
    }
  }

  private void text(String value) {
    if (value == null) {
      ensure(4);
      out.putInt(-1);
    } else {
      variable(value.getBytes(StandardCharsets.UTF_8));
    }
  }

  private void fields(Object[] values, int count) {
    ensure(2);
    out.putShort((short) count);
    for (int i = 0; i < columns.size(); i++) {
      field(values[i], columns.get(i));
    }
  }

  /**
   * Makes room for a stream of {@code bytes} bytes in all (a chunk whose size is known ahead), so
   * that the buffer is not grown, and copied, step by step up to it.
   */
  public CopyBinaryEncoder reserve(int bytes) {
    ensure(bytes - out.position());
    return this;
  }

  /** Ends the stream: the trailer. */
  public CopyBinaryEncoder end() {
    ensure(2);
    out.putShort((short) -1);
    return this;
  }

  /** The stream's bytes so far: {@link #array()} from 0 to this. */
  public int length() {
    return out.position();
  }

  /**
   * Cuts the stream back to {@code length} bytes (a {@link #length()} taken between rows): the rows
   * appended since are gone.
   */
  public void truncate(int length) {
    if (length < 0 || length > out.position()) {
      throw new IllegalArgumentException(
          "cannot cut a stream of " + out.position() + " bytes back to " + length);
    }
    out.position(length);
  }

  /** The buffer holding the stream (valid up to {@link #length()}). */
  public byte[] array() {
    return bytes;
  }

  /** A copy of the stream so far. */
  public byte[] toByteArray() {
    return Arrays.copyOf(bytes, out.position());
  }

  private void field(Object value, ColumnDef column) {
    if (value == null) {
      ensure(4);
      out.putInt(-1);
      return;
    }
    switch (column.targetType()) {
      case BIGINT -> fixed(8).putLong(((Number) value).longValue());
      case INTEGER -> fixed(4).putInt(((Number) value).intValue());
      case SMALLINT -> fixed(2).putShort(((Number) value).shortValue());
      case DOUBLE -> fixed(8).putDouble(((Number) value).doubleValue());
      case REAL -> fixed(4).putFloat(((Number) value).floatValue());
      case BOOLEAN -> fixed(1).put((byte) (((Boolean) value) ? 1 : 0));
      case TEXT, ENUM ->
          variable(
              value instanceof Utf8Text text
                  ? text.bytes() // already UTF-8, checked by the cast
                  : ((String) value).getBytes(StandardCharsets.UTF_8));
      case JSON -> variable(((JsonText) value).text().getBytes(StandardCharsets.UTF_8));
      case JSONB -> jsonb(((JsonText) value).text().getBytes(StandardCharsets.UTF_8));
      case BYTEA -> variable((byte[]) value);
      case UUID -> {
        UUID uuid = (UUID) value;
        fixed(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
      }
      case DATE -> fixed(4).putInt(date((LocalDate) value));
      case TIME -> fixed(8).putLong(((LocalTime) value).toNanoOfDay() / 1000);
      case TIMESTAMP -> fixed(8).putLong(timestamp((LocalDateTime) value));
      case TIMESTAMPTZ -> fixed(8).putLong(timestamptz((OffsetDateTime) value));
      case NUMERIC -> numeric(value);
      case VECTOR -> vector((float[]) value);
      default ->
          throw new IllegalStateException(
              column.targetType()
                  + " has no binary COPY form here; BulkLoad.BINARY_TYPES and CopyBinaryEncoder"
                  + " disagree");
    }
  }

  private static int date(LocalDate date) {
    if (date.equals(LocalDate.MAX)) {
      return Integer.MAX_VALUE; // infinity
    }
    if (date.equals(LocalDate.MIN)) {
      return Integer.MIN_VALUE; // -infinity
    }
    return Math.toIntExact(date.toEpochDay() - POSTGRES_EPOCH_DAYS);
  }

  private static long timestamp(LocalDateTime value) {
    if (value.equals(LocalDateTime.MAX)) {
      return Long.MAX_VALUE;
    }
    if (value.equals(LocalDateTime.MIN)) {
      return Long.MIN_VALUE;
    }
    return micros(value.toEpochSecond(ZoneOffset.UTC), value.getNano());
  }

  private static long timestamptz(OffsetDateTime value) {
    if (value.equals(OffsetDateTime.MAX)) {
      return Long.MAX_VALUE;
    }
    if (value.equals(OffsetDateTime.MIN)) {
      return Long.MIN_VALUE;
    }
    return micros(value.toEpochSecond(), value.getNano());
  }

  private static long micros(long epochSeconds, int nanos) {
    return Math.addExact(
        Math.multiplyExact(epochSeconds - POSTGRES_EPOCH_SECONDS, 1_000_000L), nanos / 1000);
  }

  private void numeric(Object value) {
    if (value instanceof BigDecimal decimal) {
      variable(ByteConverter.numeric(decimal.scale() < 0 ? decimal.setScale(0) : decimal));
      return;
    }
    double special = ((Number) value).doubleValue();
    short sign =
        Double.isNaN(special)
            ? NUMERIC_NAN
            : special > 0 ? NUMERIC_PINF : special < 0 ? NUMERIC_NINF : 0;
    if (sign == 0) {
      throw new IllegalArgumentException("a numeric value must be a BigDecimal, NaN or infinite");
    }
    fixed(8).putShort((short) 0).putShort((short) 0).putShort(sign).putShort((short) 0);
  }

  private void vector(float[] vector) {
    ByteBuffer field = fixed(4 + 4 * vector.length);
    field.putShort((short) vector.length).putShort((short) 0);
    for (float f : vector) {
      field.putFloat(f);
    }
  }

  private void jsonb(byte[] text) {
    ensure(5 + text.length);
    out.putInt(text.length + 1).put((byte) 1).put(text); // jsonb's binary form: version 1, text
  }

  private void variable(byte[] value) {
    ensure(4 + value.length);
    out.putInt(value.length).put(value);
  }

  /** Writes a field's length and returns the buffer, with room for its value. */
  private ByteBuffer fixed(int length) {
    ensure(4 + length);
    return out.putInt(length);
  }

  private void put(byte[] value) {
    ensure(value.length);
    out.put(value);
  }

  private void ensure(int more) {
    if (out.remaining() >= more) {
      return;
    }
    int position = out.position();
    long needed = (long) position + more;
    if (needed > Integer.MAX_VALUE - 16) {
      throw new IllegalStateException("a COPY buffer cannot grow past 2 GB");
    }
    bytes =
        Arrays.copyOf(
            bytes, (int) Math.max(needed, Math.min(Integer.MAX_VALUE - 16L, 2L * bytes.length)));
    out = ByteBuffer.wrap(bytes);
    out.position(position);
  }
}
