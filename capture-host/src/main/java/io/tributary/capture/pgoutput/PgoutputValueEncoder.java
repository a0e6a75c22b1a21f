package io.tributary.capture.pgoutput;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.value.ValueCodec;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Turns the values of Debezium's PostgreSQL connector (Kafka Connect values with their schemas,
 * under the settings {@link PgoutputEngineProperties} fixes: decimals as strings, adaptive
 * microsecond times, binary as bytes, intervals as ISO strings, unknown types as their text) into
 * the envelope encoding of {@link io.tributary.common.event.ChangeEvent}, guided by the column's
 * recorded target type.
 */
public final class PgoutputValueEncoder {
  /** Debezium's placeholder for a value the WAL does not hold (its default). */
  public static final String UNAVAILABLE = "__debezium_unavailable_value";

  private static final byte[] UNAVAILABLE_BYTES = UNAVAILABLE.getBytes(StandardCharsets.UTF_8);
  // PostgreSQL's infinite timestamps as pgJDBC reports them, read by Debezium as microseconds
  private static final long POSITIVE_INFINITY = 9223372036825200000L;
  private static final long NEGATIVE_INFINITY = -9223372036832400000L;
  private static final long MICROS_PER_DAY = 86_400_000_000L;

  private PgoutputValueEncoder() {}

  /**
   * The envelope value of a column.
   *
   * @throws UnavailableValueException for Debezium's placeholder of an unavailable value
   * @throws IllegalArgumentException for a value this encoding cannot represent
   */
  public static JsonNode encode(Object value, Schema schema, ColumnDef column) {
    if (value == null) {
      return NullNode.getInstance();
    }
    if (isPlaceholder(value)) {
      throw new UnavailableValueException(
          "the value of column "
              + column.name()
              + " is not in the WAL (an update left a large value unchanged and the table's replica"
              + " identity is not FULL)");
    }
    if (column.targetType() == TargetType.TEXT_FORM) {
      return TextForms.of(value, schema, column);
    }
    String name = schema.name();
    if (name != null) {
      switch (name) {
        case "io.debezium.time.Date":
          return ValueCodec.toJson(LocalDate.ofEpochDay(((Number) value).longValue()));
        case "io.debezium.time.Time":
          return time(((Number) value).longValue() * 1_000L);
        case "io.debezium.time.MicroTime":
          return time(((Number) value).longValue());
        case "io.debezium.time.NanoTime":
          return time(((Number) value).longValue() / 1_000L);
        case "io.debezium.time.Timestamp":
          return timestamp(((Number) value).longValue() * 1_000L);
        case "io.debezium.time.MicroTimestamp":
          return timestamp(((Number) value).longValue());
        case "io.debezium.time.NanoTimestamp":
          return timestamp(((Number) value).longValue() / 1_000L);
        case "io.debezium.data.DoubleVector", "io.debezium.data.FloatVector":
          return vector((List<?>) value);
        case "io.debezium.data.SparseDoubleVector":
          return sparse((Struct) value);
        default:
          // ZonedTimestamp, Json, Uuid, Enum, Interval, Ltree...: their text
      }
    }
    return switch (schema.type()) {
      case INT8, INT16, INT32, INT64, FLOAT32, FLOAT64, BOOLEAN, STRING ->
          ValueCodec.toJson(value, column.targetType());
      case BYTES -> bytes(value, column);
      case ARRAY -> array((List<?>) value, schema.valueSchema(), column);
      case MAP -> map((Map<?, ?>) value, schema.valueSchema(), column);
      case STRUCT -> struct((Struct) value, column);
    };
  }

  private static boolean isPlaceholder(Object value) {
    if (value instanceof String s) {
      return s.equals(UNAVAILABLE);
    }
    if (value instanceof byte[] b) {
      return Arrays.equals(b, UNAVAILABLE_BYTES);
    }
    if (value instanceof ByteBuffer b) {
      return b.equals(ByteBuffer.wrap(UNAVAILABLE_BYTES));
    }
    if (value instanceof List<?> list && !list.isEmpty()) {
      // arrays: a one-element list of the placeholder, or the placeholder's bytes as numbers
      if (list.size() == 1 && isPlaceholder(list.get(0))) {
        return true;
      }
      if (list.size() == UNAVAILABLE_BYTES.length && list.get(0) instanceof Number) {
        for (int i = 0; i < list.size(); i++) {
          if (!(list.get(i) instanceof Number n) || n.longValue() != UNAVAILABLE_BYTES[i]) {
            return false;
          }
        }
        return true;
      }
    }
    if (value instanceof Map<?, ?> map && map.size() == 1) {
      return UNAVAILABLE.equals(map.get(UNAVAILABLE));
    }
    return false;
  }

  private static JsonNode time(long micros) {
    if (micros == MICROS_PER_DAY) {
      return TextNode.valueOf("24:00:00");
    }
    return ValueCodec.toJson(LocalTime.ofNanoOfDay(micros * 1_000L));
  }

  private static JsonNode timestamp(long micros) {
    if (micros == POSITIVE_INFINITY) {
      return TextNode.valueOf("infinity");
    }
    if (micros == NEGATIVE_INFINITY) {
      return TextNode.valueOf("-infinity");
    }
    Instant instant =
        Instant.ofEpochSecond(
            Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    return ValueCodec.toJson(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
  }

  private static JsonNode vector(List<?> values) {
    ArrayNode out = JsonNodeFactory.instance.arrayNode(values.size());
    for (Object v : values) {
      out.add(ValueCodec.toJson(v == null ? null : ((Number) v).doubleValue()));
    }
    return out;
  }

  /** pgvector's text form, 1-based indices as Debezium keeps them: {@code {1:0.5,3:2}/5}. */
  private static JsonNode sparse(Struct value) {
    Number dimensions = (Number) value.get("dimensions");
    Map<?, ?> entries = (Map<?, ?>) value.get("vector");
    TreeMap<Integer, Double> sorted = new TreeMap<>();
    if (entries != null) {
      entries.forEach((k, v) -> sorted.put(((Number) k).intValue(), ((Number) v).doubleValue()));
    }
    StringBuilder text = new StringBuilder("{");
    sorted.forEach(
        (k, v) -> {
          if (text.length() > 1) {
            text.append(',');
          }
          text.append(k).append(':').append(v.floatValue());
        });
    return TextNode.valueOf(text.append("}/").append(dimensions.intValue()).toString());
  }

  private static JsonNode bytes(Object value, ColumnDef column) {
    byte[] bytes;
    if (value instanceof ByteBuffer buffer) {
      ByteBuffer copy = buffer.duplicate();
      bytes = new byte[copy.remaining()];
      copy.get(bytes);
    } else {
      bytes = (byte[]) value;
    }
    if (column.targetType() != TargetType.BYTEA) {
      // a type Debezium does not know, sent as its text: keep the text when it is UTF-8
      try {
        return TextNode.valueOf(
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString());
      } catch (CharacterCodingException e) {
        return ValueCodec.toJson(bytes, column.targetType());
      }
    }
    return ValueCodec.toJson(bytes, TargetType.BYTEA);
  }

  private static JsonNode array(List<?> values, Schema elementSchema, ColumnDef column) {
    ArrayNode out = JsonNodeFactory.instance.arrayNode(values.size());
    ColumnDef element = column.elementType() == null ? column : elementColumn(column);
    for (Object v : values) {
      out.add(encode(v, elementSchema, element));
    }
    return out;
  }

  /** Stands for an array's elements: only whether they are bytea matters to the encoding. */
  private static ColumnDef elementColumn(ColumnDef array) {
    TargetType type = array.elementType() == TargetType.BYTEA ? TargetType.BYTEA : TargetType.TEXT;
    return new ColumnDef(array.name(), "", array.targetName(), type, 0, true);
  }

  private static JsonNode map(Map<?, ?> values, Schema valueSchema, ColumnDef column) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    ColumnDef text =
        new ColumnDef(column.name(), "", column.targetName(), TargetType.TEXT, 0, true);
    values.forEach((k, v) -> out.set(String.valueOf(k), encode(v, valueSchema, text)));
    return out;
  }

  private static JsonNode struct(Struct value, ColumnDef column) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    ColumnDef text =
        new ColumnDef(column.name(), "", column.targetName(), TargetType.TEXT, 0, true);
    for (Field f : value.schema().fields()) {
      out.set(f.name(), encode(value.get(f), f.schema(), text));
    }
    return out;
  }
}
