package io.tributary.common.value;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.tributary.common.sql.TargetType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Base64;

/**
 * Turns source values into envelope JSON, and envelope JSON into the Java value of a target type.
 * Capture, apply and the validator all go through here, so a value is read the same way everywhere.
 */
public final class ValueCodec {
  private ValueCodec() {}

  /**
   * A JDBC value as envelope JSON: integers and reals as numbers, non-finite reals as strings, text
   * as a string, binary as base64.
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
    if (value instanceof Double d) {
      return Double.isFinite(d) ? DoubleNode.valueOf(d) : TextNode.valueOf(d.toString());
    }
    if (value instanceof Float f) {
      return toJson(f.doubleValue());
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
   * The Java value of a target type for an envelope value: Long, Double, String, byte[] or
   * BigDecimal (see {@link TargetType}); null for JSON null or a missing value.
   *
   * @throws ValueCastException when the value does not fit the type, saying why
   */
  public static Object decode(JsonNode node, TargetType type) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (node.isObject() && node.has(BINARY_FIELD)) {
      byte[] bytes = toBytes(node.get(BINARY_FIELD));
      if (type == TargetType.BYTEA) {
        return bytes;
      }
      throw new ValueCastException(
          "binary data (" + bytes.length + " bytes) does not fit a " + type.sql() + " column");
    }
    if (node.isContainerNode()) {
      throw new ValueCastException(
          "a JSON " + node.getNodeType().name().toLowerCase() + " is not a column value");
    }
    return switch (type) {
      case BIGINT -> toLong(node);
      case DOUBLE -> toDouble(node);
      case TEXT -> toText(node);
      case BYTEA -> toBytes(node);
      case NUMERIC -> toNumeric(node);
    };
  }

  private static Long toLong(JsonNode node) {
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      return node.longValue();
    }
    if (node.isNumber()) {
      BigDecimal d = node.decimalValue();
      try {
        return d.longValueExact();
      } catch (ArithmeticException e) {
        throw new ValueCastException("'" + d.toPlainString() + "' is not a 64-bit integer");
      }
    }
    throw new ValueCastException("'" + abbreviate(node.asText()) + "' is not an integer");
  }

  private static Double toDouble(JsonNode node) {
    if (node.isNumber()) {
      return node.doubleValue();
    }
    String text = node.asText();
    switch (text) {
      case "Infinity":
        return Double.POSITIVE_INFINITY;
      case "-Infinity":
        return Double.NEGATIVE_INFINITY;
      case "NaN":
        return Double.NaN;
      default:
        throw new ValueCastException("'" + abbreviate(text) + "' is not a real number");
    }
  }

  private static String toText(JsonNode node) {
    String text = node.isNumber() ? numberText(node) : node.asText();
    if (text.indexOf('\0') >= 0) {
      throw new ValueCastException("text contains a NUL byte, which PostgreSQL text cannot store");
    }
    return text;
  }

  private static String numberText(JsonNode node) {
    if (node.isIntegralNumber()) {
      return node.bigIntegerValue().toString();
    }
    // SQLite renders reals with up to 15 significant digits; Java's shortest round-trip form keeps
    // the exact double, which is what the source holds.
    return Double.toString(node.doubleValue());
  }

  private static byte[] toBytes(JsonNode node) {
    if (!node.isTextual()) {
      throw new ValueCastException(
          "'" + abbreviate(node.asText()) + "' is not binary (base64) data");
    }
    try {
      return Base64.getDecoder().decode(node.textValue());
    } catch (IllegalArgumentException e) {
      throw new ValueCastException("binary value is not valid base64: " + e.getMessage());
    }
  }

  private static BigDecimal toNumeric(JsonNode node) {
    if (node.isNumber()) {
      if (node.isFloatingPointNumber() && !(node.isBigDecimal())) {
        return BigDecimal.valueOf(node.doubleValue());
      }
      return node.decimalValue();
    }
    String text = node.asText().trim();
    try {
      return new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw new ValueCastException("'" + abbreviate(node.asText()) + "' is not a number");
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 60 ? text : text.substring(0, 57) + "...";
  }

  /** A JSON object node factory, for building envelope rows. */
  public static JsonNodeFactory nodes() {
    return JsonNodeFactory.instance;
  }
}
