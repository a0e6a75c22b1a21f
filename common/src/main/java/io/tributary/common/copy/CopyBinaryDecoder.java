package io.tributary.common.copy;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.value.JsonText;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.UUID;
import org.postgresql.util.ByteConverter;

/**
 * Reads a field of a binary {@code COPY} stream back into the Java value {@link CopyBinaryEncoder}
 * wrote it from (the value {@link io.tributary.common.value.ValueCodec#decode} gives): what apply
 * shows of a chunk's row the target refused, and what tests compare.
 */
public final class CopyBinaryDecoder {
  private CopyBinaryDecoder() {}

  /**
   * The value of a field ({@code null} for a NULL field).
   *
   * @throws IllegalArgumentException when the column's type has no binary form here
   */
  public static Object decode(byte[] field, ColumnDef column) {
    if (field == null) {
      return null;
    }
    ByteBuffer in = ByteBuffer.wrap(field);
    return switch (column.targetType()) {
      case BIGINT -> in.getLong();
      case INTEGER -> in.getInt();
      case SMALLINT -> in.getShort();
      case DOUBLE -> in.getDouble();
      case REAL -> in.getFloat();
      case BOOLEAN -> field[0] != 0;
      case TEXT, ENUM -> new String(field, StandardCharsets.UTF_8);
      case JSON -> JsonText.parse(new String(field, StandardCharsets.UTF_8));
      case JSONB -> JsonText.parse(new String(field, 1, field.length - 1, StandardCharsets.UTF_8));
      case BYTEA -> field;
      case UUID -> new UUID(in.getLong(), in.getLong());
      case DATE -> date(in.getInt());
      case TIME -> LocalTime.ofNanoOfDay(in.getLong() * 1000);
      case TIMESTAMP -> timestamp(in.getLong());
      case TIMESTAMPTZ -> timestamptz(in.getLong());
      case NUMERIC -> ByteConverter.numeric(field, 0, field.length);
      case VECTOR -> vector(in);
      default ->
          throw new IllegalArgumentException(
              column.targetType() + " has no binary COPY form here (" + column.name() + ")");
    };
  }

  private static LocalDate date(int days) {
    if (days == Integer.MAX_VALUE) {
      return LocalDate.MAX;
    }
    if (days == Integer.MIN_VALUE) {
      return LocalDate.MIN;
    }
    return LocalDate.ofEpochDay(days + CopyBinaryEncoder.POSTGRES_EPOCH_DAYS);
  }

  private static LocalDateTime timestamp(long micros) {
    if (micros == Long.MAX_VALUE) {
      return LocalDateTime.MAX;
    }
    if (micros == Long.MIN_VALUE) {
      return LocalDateTime.MIN;
    }
    long seconds = Math.floorDiv(micros, 1_000_000L) + CopyBinaryEncoder.POSTGRES_EPOCH_SECONDS;
    int nanos = (int) Math.floorMod(micros, 1_000_000L) * 1000;
    return LocalDateTime.ofEpochSecond(seconds, nanos, ZoneOffset.UTC);
  }

  private static OffsetDateTime timestamptz(long micros) {
    if (micros == Long.MAX_VALUE) {
      return OffsetDateTime.MAX;
    }
    if (micros == Long.MIN_VALUE) {
      return OffsetDateTime.MIN;
    }
    return timestamp(micros).atOffset(ZoneOffset.UTC);
  }

  private static float[] vector(ByteBuffer in) {
    int dimensions = in.getShort() & 0xFFFF;
    in.getShort(); // unused
    float[] vector = new float[dimensions];
    for (int i = 0; i < dimensions; i++) {
      vector[i] = in.getFloat();
    }
    return Arrays.copyOf(vector, dimensions);
  }
}
