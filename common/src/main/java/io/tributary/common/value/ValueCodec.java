package io.tributary.common.value;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.FloatNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TargetType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Turns source values into envelope JSON, and envelope JSON into the Java value of a target type.
 * Capture, apply and the validator all go through here, so a value is read the same way everywhere.
 *
 * <p>The envelope encoding of each type is documented on {@link
 * io.tributary.common.event.ChangeEvent}; the Java value of each type on {@link TargetType}.
 * Decoding applies the column's own parameters as PostgreSQL will ({@code numeric(10,2)} rounds,
 * {@code character varying(5)} refuses longer text, {@code vector(3)} refuses other lengths, {@code
 * timestamp(3)} rounds), so the decoded value is the value the target will hold and the same on
 * both sides of a checksum.
 */
public final class ValueCodec {

  private ValueCodec() {}

  /**
   * A Java value as envelope JSON: integers and reals as numbers (non-finite reals as the strings
   * {@code NaN}, {@code Infinity}, {@code -Infinity}), text as a string, binary as base64, booleans
   * as booleans, uuids and temporal values as ISO-8601 strings, json documents as their text,
   * vectors as arrays of numbers, sparse vectors in pgvector's text form, Lists as arrays.
   */
  public static JsonNode toJson(Object value) {
    if (value == null) {
      return NullNode.getInstance();
    }
    if (value instanceof Integer i) {
      return LongNode.valueOf(i);
    }
    if (value instanceof Long l) {
      return LongNode.valueOf(l);
    }
    if (value instanceof Short s) {
      return LongNode.valueOf(s);
    }
    if (value instanceof Double d) {
      return Double.isFinite(d) ? DoubleNode.valueOf(d) : TextNode.valueOf(d.toString());
    }
    if (value instanceof Float f) {
      return Float.isFinite(f) ? FloatNode.valueOf(f) : TextNode.valueOf(f.toString());
    }
    if (value instanceof BigDecimal b) {
      return DecimalNode.valueOf(b);
    }
    if (value instanceof BigInteger b) {
      return BigIntegerNode.valueOf(b);
    }
    if (value instanceof String s) {
      return TextNode.valueOf(s);
    }
    if (value instanceof byte[] bytes) {
      return TextNode.valueOf(Base64.getEncoder().encodeToString(bytes));
    }
    if (value instanceof Boolean b) {
      return BooleanNode.valueOf(b);
    }
    if (value instanceof UUID u) {
      return TextNode.valueOf(u.toString());
    }
    if (value instanceof LocalDate d) {
      return TextNode.valueOf(TemporalText.isoDate(d));
    }
    if (value instanceof LocalTime t) {
      return TextNode.valueOf(TemporalText.isoTime(t));
    }
    if (value instanceof LocalDateTime t) {
      return TextNode.valueOf(TemporalText.isoTimestamp(t));
    }
    if (value instanceof OffsetDateTime t) {
      return TextNode.valueOf(TemporalText.isoTimestamptz(t));
    }
    if (value instanceof JsonText json) {
      return TextNode.valueOf(json.text());
    }
    if (value instanceof float[] vector) {
      ArrayNode array = JsonNodeFactory.instance.arrayNode(vector.length);
      for (float f : vector) {
        array.add(FloatNode.valueOf(f));
      }
      return array;
    }
    if (value instanceof SparseVector sparse) {
      return TextNode.valueOf(sparse.text());
    }
    if (value instanceof List<?> list) {
      ArrayNode array = JsonNodeFactory.instance.arrayNode(list.size());
      for (Object item : list) {
        array.add(toJson(item));
      }
      return array;
    }
    throw new IllegalArgumentException("unsupported source value of " + value.getClass().getName());
  }

  /** The field that marks binary data in a column whose target type is not {@code bytea}. */
  public static final String BINARY_FIELD = "$binary";

  /**
   * A source value of a column as envelope JSON: as {@link #toJson(Object)}, except that binary
   * data in a column whose target type is not {@code bytea} (SQLite lets any column hold a BLOB)
   * becomes {@code {"$binary": "<base64>"}}, so it can never pass for text.
   */
  public static JsonNode toJson(Object value, TargetType columnType) {
    if (value instanceof byte[] bytes && columnType != TargetType.BYTEA) {
      return JsonNodeFactory.instance
          .objectNode()
          .put(BINARY_FIELD, Base64.getEncoder().encodeToString(bytes));
    }
    return toJson(value);
  }

  /** As {@link #toJson(Object, TargetType)}, for a column. */
  public static JsonNode toJson(Object value, ColumnDef column) {
    return toJson(value, column.targetType());
  }

  /**
   * A JDBC value of a source column as the Java value of its target type, exactly as it will reach
   * the target through capture and apply (for checksums of the source side).
   *
   * @throws ValueCastException when the value does not fit the type
   */
  public static Object fromSource(Object value, TargetType columnType) {
    return decode(toJson(value, columnType), columnType);
  }

  /**
   * As {@link #fromSource(Object, TargetType)}, with the column's parameters and the casting rules
   * ({@link SourceCasts}) applied, to the very node apply reads for the value ({@link
   * EnvelopeJson#node}): the validator's reads of a source and capture's snapshot chunks cast as
   * apply does.
   */
  public static Object fromSource(Object value, ColumnDef column) {
    return SourceCasts.decodeSource(value, column);
  }

  /**
   * The Java value of a target type for an envelope value, for a column of the type's plain
   * spelling (see {@link #decode(JsonNode, ColumnDef)}).
   *
   * @throws ValueCastException when the value does not fit the type, saying why
   * @throws IllegalArgumentException for {@code ENUM} and {@code ARRAY}, which need their column
   */
  public static Object decode(JsonNode node, TargetType type) {
    return decode(node, ColumnDef.plain(type, "use decode(node, column)"));
  }

  /**
   * The Java value of a column for an envelope value (see {@link TargetType} for which Java type);
   * null for JSON null or a missing value.
   *
   * @throws ValueCastException when the value does not fit the column, saying why
   */
  public static Object decode(JsonNode node, ColumnDef column) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    TargetType type = column.targetType();
    if (node.isObject() && node.size() == 1 && node.path(BINARY_FIELD).isTextual()) {
      byte[] bytes = ScalarValues.toBytes(node.get(BINARY_FIELD));
      if (type == TargetType.BYTEA) {
        return bytes;
      }
      throw new ValueCastException(
          "binary data ("
              + bytes.length
              + " bytes) does not fit a "
              + column.targetSql()
              + " column");
    }
    switch (type) {
      case JSON, JSONB:
        return node.isTextual() ? JsonText.parse(node.textValue()) : JsonText.of(node);
      case ARRAY:
        return ArrayValues.decode(node, column, ValueCodec::decode);
      case VECTOR, HALFVEC:
        return VectorValues.decode(node, column);
      case SPARSEVEC:
        return VectorValues.decodeSparse(node, column);
      case TEXT_FORM:
        return ScalarValues.toTextForm(node, column);
      default:
        break;
    }
    if (node.isContainerNode()) {
      throw new ValueCastException(
          "a JSON "
              + node.getNodeType().name().toLowerCase(Locale.ROOT)
              + " is not a "
              + column.targetSql()
              + " value");
    }
    return switch (type) {
      case BIGINT -> ScalarValues.toLong(node);
      case INTEGER -> ScalarValues.toInteger(node);
      case SMALLINT -> ScalarValues.toShort(node);
      case DOUBLE -> ScalarValues.toDouble(node);
      case REAL -> ScalarValues.toFloat(node);
      case TEXT -> ScalarValues.toText(node, column);
      case BYTEA -> ScalarValues.toBytes(node);
      case NUMERIC -> ScalarValues.toNumeric(node, column);
      case BOOLEAN -> ScalarValues.toBoolean(node);
      case UUID -> ScalarValues.toUuid(node);
      case ENUM -> ScalarValues.toLabel(node);
      case DATE -> DateAndTimeValues.date(text(node, "date"));
      case TIME -> DateAndTimeValues.time(text(node, "time"), column);
      case TIMESTAMP -> TimestampValues.timestamp(text(node, "timestamp"), column);
      case TIMESTAMPTZ -> TimestampValues.timestamptz(text(node, "timestamptz"), column);
      case JSON, JSONB, ARRAY, VECTOR, HALFVEC, SPARSEVEC, TEXT_FORM ->
          throw new IllegalStateException("handled above");
    };
  }

  private static String text(JsonNode node, String type) {
    if (!node.isTextual()) {
      throw new ValueCastException(
          "'"
              + Abbreviation.of(node.asText())
              + "' is not a "
              + type
              + " (expected an ISO-8601 string)");
    }
    return node.textValue();
  }

  /** A JSON object node factory, for building envelope rows. */
  public static JsonNodeFactory nodes() {
    return JsonNodeFactory.instance;
  }
}
