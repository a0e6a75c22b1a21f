package io.tributary.common.value;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tributary.common.catalog.TargetType;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Writes a source value as envelope JSON straight to a generator: the streaming form of {@link
 * ValueCodec#toJson(Object, TargetType)}, token for token the same (capture prints every row
 * without building a tree first; {@code JsonValueWriterTest} holds the two to the same bytes).
 */
public final class JsonValueWriter {
  private JsonValueWriter() {}

  /** As {@link ValueCodec#toJson(Object, TargetType)}. */
  public static void write(JsonGenerator g, Object value, TargetType columnType)
      throws IOException {
    if (value instanceof byte[] bytes && columnType != TargetType.BYTEA) {
      g.writeStartObject();
      g.writeStringField(ValueCodec.BINARY_FIELD, Base64.getEncoder().encodeToString(bytes));
      g.writeEndObject();
      return;
    }
    write(g, value);
  }

  /** As {@link ValueCodec#toJson(Object)}. */
  public static void write(JsonGenerator g, Object value) throws IOException {
    if (value == null) {
      g.writeNull();
    } else if (value instanceof String s) {
      g.writeString(s);
    } else if (value instanceof Long l) {
      g.writeNumber(l);
    } else if (value instanceof Integer i) {
      g.writeNumber((long) i);
    } else if (value instanceof Short s) {
      g.writeNumber((long) s);
    } else if (value instanceof Double d) {
      if (Double.isFinite(d)) {
        g.writeNumber(d);
      } else {
        g.writeString(d.toString());
      }
    } else if (value instanceof Float f) {
      if (Float.isFinite(f)) {
        g.writeNumber(f);
      } else {
        g.writeString(f.toString());
      }
    } else if (value instanceof BigDecimal b) {
      g.writeNumber(b);
    } else if (value instanceof BigInteger b) {
      g.writeNumber(b);
    } else if (value instanceof byte[] bytes) {
      g.writeString(Base64.getEncoder().encodeToString(bytes));
    } else if (value instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (value instanceof UUID u) {
      g.writeString(u.toString());
    } else if (value instanceof LocalDate d) {
      g.writeString(TemporalText.isoDate(d));
    } else if (value instanceof LocalTime t) {
      g.writeString(TemporalText.isoTime(t));
    } else if (value instanceof LocalDateTime t) {
      g.writeString(TemporalText.isoTimestamp(t));
    } else if (value instanceof OffsetDateTime t) {
      g.writeString(TemporalText.isoTimestamptz(t));
    } else if (value instanceof JsonText json) {
      g.writeString(json.text());
    } else if (value instanceof float[] vector) {
      g.writeStartArray(vector, vector.length);
      for (float f : vector) {
        g.writeNumber(f);
      }
      g.writeEndArray();
    } else if (value instanceof SparseVector sparse) {
      g.writeString(sparse.text());
    } else if (value instanceof List<?> list) {
      g.writeStartArray(list, list.size());
      for (Object item : list) {
        write(g, item);
      }
      g.writeEndArray();
    } else {
      throw new IllegalArgumentException(
          "unsupported source value of " + value.getClass().getName());
    }
  }
}
