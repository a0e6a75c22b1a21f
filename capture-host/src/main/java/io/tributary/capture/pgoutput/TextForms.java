package io.tributary.capture.pgoutput;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TypeSpelling;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * The PostgreSQL text form of a value of a {@link io.tributary.common.catalog.TargetType#TEXT_FORM}
 * column (a type kept as itself: {@code tsvector}, {@code interval}, {@code inet}, {@code bit(n)},
 * {@code point}, a range, a composite type...), from what Debezium's PostgreSQL connector makes of
 * it under {@link PgoutputEngineProperties}: most arrive as their text already (the connector's
 * string forms, or the bytes of a type it does not know); the rest are turned back into text here —
 * {@code bit(1)}'s boolean, {@code bit(n)}'s bytes ({@code io.debezium.data.Bits}: the bit string
 * read as a binary number, little-endian), a {@code point}'s struct, numbers (money under {@code
 * decimal.handling.mode=string} is already text).
 */
final class TextForms {
  private static final String BITS = "io.debezium.data.Bits";
  private static final String POINT = "io.debezium.data.geometry.Point";

  private TextForms() {}

  static JsonNode of(Object value, Schema schema, ColumnDef column) {
    if (value == null) {
      return NullNode.getInstance();
    }
    if (BITS.equals(schema.name())) {
      return TextNode.valueOf(bits(bytes(value), column));
    }
    if (POINT.equals(schema.name()) && value instanceof Struct point) {
      return TextNode.valueOf("(" + number(point.get("x")) + "," + number(point.get("y")) + ")");
    }
    return switch (schema.type()) {
      case BOOLEAN -> TextNode.valueOf(((Boolean) value) ? "1" : "0"); // bit(1)
      case BYTES -> TextNode.valueOf(new String(bytes(value), StandardCharsets.UTF_8));
      case ARRAY -> array((List<?>) value, schema.valueSchema(), column);
      case STRUCT, MAP ->
          throw new IllegalArgumentException(
              "column "
                  + column.name()
                  + " ("
                  + column.targetSql()
                  + ") arrived as a "
                  + schema.type()
                  + " Tributary cannot turn back into its text form");
      default -> TextNode.valueOf(String.valueOf(value));
    };
  }

  private static JsonNode array(List<?> values, Schema elementSchema, ColumnDef column) {
    ArrayNode out = JsonNodeFactory.instance.arrayNode(values.size());
    for (Object v : values) {
      out.add(of(v, elementSchema, column));
    }
    return out;
  }

  private static String number(Object value) {
    double d = ((Number) value).doubleValue();
    return d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15
        ? Long.toString((long) d)
        : Double.toString(d);
  }

  private static byte[] bytes(Object value) {
    if (value instanceof ByteBuffer buffer) {
      ByteBuffer copy = buffer.duplicate();
      byte[] bytes = new byte[copy.remaining()];
      copy.get(bytes);
      return bytes;
    }
    return (byte[]) value;
  }

  /**
   * A {@code bit(n)} value from Debezium's bytes: the bit string read as an unsigned binary number,
   * least significant byte first; written back with as many digits as the column's length.
   */
  static String bits(byte[] littleEndian, ColumnDef column) {
    byte[] bigEndian = new byte[littleEndian.length];
    for (int i = 0; i < littleEndian.length; i++) {
      bigEndian[i] = littleEndian[littleEndian.length - 1 - i];
    }
    String digits = new BigInteger(1, bigEndian).toString(2);
    int length = length(column);
    if (length <= digits.length()) {
      return digits;
    }
    return "0".repeat(length - digits.length()) + digits;
  }

  private static int length(ColumnDef column) {
    String sql = column.targetSql();
    int open = sql.indexOf('(');
    if (!TypeSpelling.withoutModifiers(sql).equals("bit") || open < 0) {
      return 0;
    }
    return Integer.parseInt(sql.substring(open + 1, sql.indexOf(')', open)).trim());
  }
}
