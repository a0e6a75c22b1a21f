package io.tributary.common.value;

import com.fasterxml.jackson.core.io.NumberInput;
import com.fasterxml.jackson.core.io.schubfach.FloatToDecimal;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.FloatNode;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.catalog.TypeSpelling;
import java.util.Arrays;

/**
 * pgvector's types: {@code vector(n)} and {@code halfvec(n)} as float[], {@code sparsevec(n)} as
 * {@link SparseVector}; decoded from envelope JSON or pgvector's text form, checked as pgvector
 * checks them (dimensions, NaN, infinities, half-precision range), and rendered in pgvector's text
 * form.
 */
final class VectorValues {
  /** pgvector's limit for {@code vector} and {@code halfvec}. */
  static final int MAX_DIMENSIONS = 16_000;

  /** pgvector's limits for {@code sparsevec}. */
  static final int MAX_SPARSE_DIMENSIONS = 1_000_000_000;

  static final int MAX_SPARSE_NON_ZERO = 16_000;

  private static final double HALF_MAX = 65504.0;

  private VectorValues() {}

  /**
   * A {@code vector} or {@code halfvec} value: a JSON array of numbers or pgvector's text form
   * ({@code "[1,2.5,3]"}).
   */
  static float[] decode(JsonNode node, ColumnDef column) {
    boolean half = column.targetType() == TargetType.HALFVEC;
    String type = half ? "halfvec" : "vector";
    float[] values;
    if (node.isArray()) {
      values = new float[node.size()];
      for (int i = 0; i < values.length; i++) {
        JsonNode element = node.get(i);
        if (element == null || !element.isNumber()) {
          throw new ValueCastException(
              type
                  + " element "
                  + (i + 1)
                  + " is "
                  + (element == null || element.isNull()
                      ? "null"
                      : "'" + Abbreviation.of(element.asText()) + "'")
                  + ", not a number");
        }
        values[i] =
            element instanceof FloatNode exact && !half && Float.isFinite(exact.floatValue())
                ? exact.floatValue() // a float32 already: no text round trip
                : component(element.asText(), i, type, half);
      }
    } else if (node.isTextual()) {
      values = parseText(node.textValue(), type, half);
    } else {
      throw new ValueCastException(
          "'"
              + Abbreviation.of(node.asText())
              + "' is not a "
              + type
              + " (expected a JSON array of numbers)");
    }
    checkDimensions(values.length, column, type);
    return values;
  }

  /** A {@code sparsevec} value: pgvector's text form {@code {1:0.5,3:2}/5}. */
  static SparseVector decodeSparse(JsonNode node, ColumnDef column) {
    if (!node.isTextual()) {
      throw new ValueCastException(
          "'"
              + Abbreviation.of(node.asText())
              + "' is not a sparsevec (expected pgvector's text form, e.g. \"{1:0.5,3:2}/5\")");
    }
    return parseSparse(node.textValue(), column);
  }

  static SparseVector parseSparse(String text, ColumnDef column) {
    String s = text.strip();
    int open = s.indexOf('{');
    int close = s.indexOf('}');
    int slash = s.indexOf('/', Math.max(close, 0));
    if (open != 0 || close < 0 || slash < 0) {
      throw new ValueCastException(
          "'" + Abbreviation.of(text) + "' is not a sparsevec (expected e.g. {1:0.5,3:2}/5)");
    }
    int dimensions;
    try {
      dimensions = Integer.parseInt(s.substring(slash + 1).strip());
    } catch (NumberFormatException e) {
      throw new ValueCastException(
          "'" + Abbreviation.of(text) + "' is not a sparsevec: bad dimensions");
    }
    if (dimensions < 1 || dimensions > MAX_SPARSE_DIMENSIONS) {
      throw new ValueCastException(
          "a sparsevec has 1 to " + MAX_SPARSE_DIMENSIONS + " dimensions, not " + dimensions);
    }
    String body = s.substring(1, close).strip();
    String[] parts = body.isEmpty() ? new String[0] : body.split(",");
    if (parts.length > MAX_SPARSE_NON_ZERO) {
      throw new ValueCastException(
          "a sparsevec has at most " + MAX_SPARSE_NON_ZERO + " non-zero elements");
    }
    long[] packed = new long[parts.length];
    float[] raw = new float[parts.length];
    int count = 0;
    for (String part : parts) {
      int colon = part.indexOf(':');
      if (colon < 0) {
        throw new ValueCastException(
            "'" + Abbreviation.of(text) + "' is not a sparsevec: element '" + part.strip() + "'");
      }
      int index;
      try {
        index = Integer.parseInt(part.substring(0, colon).strip());
      } catch (NumberFormatException e) {
        throw new ValueCastException(
            "'" + Abbreviation.of(text) + "' is not a sparsevec: index '" + part.strip() + "'");
      }
      if (index < 1 || index > dimensions) {
        throw new ValueCastException("sparsevec index " + index + " is outside 1.." + dimensions);
      }
      float value = component(part.substring(colon + 1).strip(), index - 1, "sparsevec", false);
      if (value != 0f) {
        packed[count] = ((long) index << 32) | count;
        raw[count] = value;
        count++;
      }
    }
    long[] order = Arrays.copyOf(packed, count);
    Arrays.sort(order);
    int[] indices = new int[count];
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      indices[i] = (int) (order[i] >>> 32);
      values[i] = raw[(int) order[i]];
      if (i > 0 && indices[i] == indices[i - 1]) {
        throw new ValueCastException("sparsevec index " + indices[i] + " appears twice");
      }
    }
    checkDeclared(dimensions, column);
    return new SparseVector(dimensions, indices, values);
  }

  /** pgvector's text form of a vector or halfvec: {@code [1.0,2.5]}. */
  static String text(float[] values) {
    StringBuilder out = new StringBuilder(values.length * 10 + 2).append('[');
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(floatText(values[i]));
    }
    return out.append(']').toString();
  }

  /**
   * The shortest text that reads back as the same float32, in {@link Float#toString}'s format
   * (Schubfach, as Java 19+ prints it; Java 17's own is several times slower and sometimes longer).
   * Vectors have hundreds of components: this runs for each of them.
   */
  static String floatText(float value) {
    return FloatToDecimal.toString(value);
  }

  /** The nearest half-precision value (round to nearest even), as a float; infinite on overflow. */
  static float toHalf(float value) {
    if (Float.isNaN(value) || Float.isInfinite(value) || value == 0f) {
      return value;
    }
    double abs = Math.abs((double) value);
    double ulp =
        abs < 0x1p-14 ? 0x1p-24 : Math.scalb(1.0, Math.getExponent(value) - 10); // 11-bit mantissa
    double rounded = Math.rint(value / ulp) * ulp;
    if (Math.abs(rounded) > HALF_MAX) {
      return value > 0 ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
    }
    return (float) rounded;
  }

  private static float[] parseText(String text, String type, boolean half) {
    String s = text.strip();
    if (s.length() < 2 || s.charAt(0) != '[' || s.charAt(s.length() - 1) != ']') {
      throw new ValueCastException(
          "'" + Abbreviation.of(text) + "' is not a " + type + " (expected e.g. [1,2.5,3])");
    }
    String body = s.substring(1, s.length() - 1).strip();
    if (body.isEmpty()) {
      return new float[0];
    }
    String[] parts = body.split(",");
    float[] values = new float[parts.length];
    for (int i = 0; i < parts.length; i++) {
      values[i] = component(parts[i].strip(), i, type, half);
    }
    return values;
  }

  private static float component(String text, int index, String type, boolean half) {
    float value;
    try {
      value = NumberInput.parseFloat(text, true); // Float.parseFloat's syntax, correctly rounded
    } catch (NumberFormatException e) {
      throw new ValueCastException(
          type + " element " + (index + 1) + " '" + Abbreviation.of(text) + "' is not a number");
    }
    if (Float.isNaN(value)) {
      throw new ValueCastException("NaN is not allowed in a " + type);
    }
    if (Float.isInfinite(value)) {
      throw new ValueCastException(
          type
              + " element "
              + (index + 1)
              + " '"
              + Abbreviation.of(text)
              + "' is out of range (infinite values are not allowed; float32)");
    }
    if (half) {
      float rounded = toHalf(value);
      if (Float.isInfinite(rounded)) {
        throw new ValueCastException(
            "halfvec element "
                + (index + 1)
                + " '"
                + Abbreviation.of(text)
                + "' is out of range for half precision (largest: 65504)");
      }
      return rounded;
    }
    return value;
  }

  static void checkDimensions(int dimensions, ColumnDef column, String type) {
    if (dimensions < 1) {
      throw new ValueCastException("a " + type + " needs at least 1 dimension");
    }
    if (dimensions > MAX_DIMENSIONS) {
      throw new ValueCastException(
          "a " + type + " has at most " + MAX_DIMENSIONS + " dimensions, not " + dimensions);
    }
    checkDeclared(dimensions, column);
  }

  /** Checks a vector's dimensions against those its column declares ({@code vector(3)}), if any. */
  private static void checkDeclared(int dimensions, ColumnDef column) {
    int expected = TypeSpelling.modifier(column.targetSql(), 0, -1);
    if (expected > 0 && expected != dimensions) {
      throw new ValueCastException(
          "expected "
              + expected
              + " dimensions, not "
              + dimensions
              + " ("
              + column.targetSql()
              + ")");
    }
  }
}
