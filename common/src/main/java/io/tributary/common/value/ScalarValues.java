package io.tributary.common.value;

import com.fasterxml.jackson.core.io.NumberInput;
import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TypeSpelling;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Envelope JSON to the Java values of the scalar types: integers, reals, numeric, text (with {@code
 * character varying(n)} and {@code character(n)} applied as PostgreSQL applies them), boolean,
 * uuid, bytea and enum labels. Every refusal says what is wrong with the value.
 */
final class ScalarValues {
  private ScalarValues() {}

  static Long toLong(JsonNode node) {
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
    throw new ValueCastException("'" + Abbreviation.of(node.asText()) + "' is not an integer");
  }

  static Integer toInteger(JsonNode node) {
    long value = toLongInRange(node, Integer.MIN_VALUE, Integer.MAX_VALUE, "integer");
    return (int) value;
  }

  static Short toShort(JsonNode node) {
    long value = toLongInRange(node, Short.MIN_VALUE, Short.MAX_VALUE, "smallint");
    return (short) value;
  }

  private static long toLongInRange(JsonNode node, long min, long max, String type) {
    long value;
    try {
      value = toLong(node);
    } catch (ValueCastException e) {
      if (node.isNumber()) {
        throw new ValueCastException(
            "'" + node.decimalValue().toPlainString() + "' is not an integer in range for " + type);
      }
      throw e;
    }
    if (value < min || value > max) {
      throw new ValueCastException("'" + value + "' is out of range for " + type);
    }
    return value;
  }

  static Double toDouble(JsonNode node) {
    if (node.isNumber()) {
      return node.doubleValue();
    }
    Double special = special(node.asText());
    if (special == null) {
      throw new ValueCastException("'" + Abbreviation.of(node.asText()) + "' is not a real number");
    }
    return special;
  }

  static Float toFloat(JsonNode node) {
    if (node.isNumber()) {
      float value = NumberInput.parseFloat(node.asText(), true);
      if (Float.isInfinite(value)) {
        throw new ValueCastException(
            "'" + Abbreviation.of(node.asText()) + "' is out of range for real (float32)");
      }
      return value;
    }
    Double special = special(node.asText());
    if (special == null) {
      throw new ValueCastException("'" + Abbreviation.of(node.asText()) + "' is not a real number");
    }
    return special.floatValue();
  }

  /**
   * {@code NaN}, {@code Infinity}, {@code -Infinity} (the envelope's non-finite reals); else null.
   */
  private static Double special(String text) {
    switch (text) {
      case "Infinity":
        return Double.POSITIVE_INFINITY;
      case "-Infinity":
        return Double.NEGATIVE_INFINITY;
      case "NaN":
        return Double.NaN;
      default:
        return null;
    }
  }

  /**
   * A {@code numeric} value: BigDecimal, or the Double NaN/Infinity/-Infinity; with {@code
   * numeric(p,s)} rounded to s digits (half away from zero) and refused when it has more than p-s
   * integer digits or is infinite, as PostgreSQL does.
   */
  static Object toNumeric(JsonNode node, ColumnDef column) {
    Object value;
    if (node.isNumber()) {
      value =
          node.isFloatingPointNumber() && !node.isBigDecimal()
              ? BigDecimal.valueOf(node.doubleValue())
              : node.decimalValue();
    } else {
      value = parseNumeric(node.asText());
    }
    return withTypmod(value, column);
  }

  /**
   * PostgreSQL's numeric input: a decimal number, {@code NaN}, {@code [+-]Infinity}/{@code inf}.
   */
  static Object parseNumeric(String text) {
    String s = text.strip();
    String lower = s.toLowerCase(Locale.ROOT);
    switch (lower) {
      case "nan":
        return Double.NaN;
      case "infinity", "+infinity", "inf", "+inf":
        return Double.POSITIVE_INFINITY;
      case "-infinity", "-inf":
        return Double.NEGATIVE_INFINITY;
      default:
        break;
    }
    try {
      return new BigDecimal(s);
    } catch (NumberFormatException e) {
      throw new ValueCastException("'" + Abbreviation.of(text) + "' is not a number");
    }
  }

  private static Object withTypmod(Object value, ColumnDef column) {
    if (column.targetSql().indexOf('(') < 0) {
      return value; // plain numeric
    }
    List<Integer> mods = TypeSpelling.modifiers(column.targetSql());
    if (mods.isEmpty()) {
      return value;
    }
    int precision = mods.get(0);
    int scale = mods.size() > 1 ? mods.get(1) : 0;
    if (value instanceof Double d) {
      if (d.isNaN()) {
        return d;
      }
      throw new ValueCastException(
          "numeric field overflow: " + column.targetSql() + " cannot hold an infinite value");
    }
    BigDecimal rounded = ((BigDecimal) value).setScale(scale, RoundingMode.HALF_UP);
    if (rounded.signum() != 0 && rounded.precision() - rounded.scale() > precision - scale) {
      throw new ValueCastException(
          "numeric field overflow: '"
              + Abbreviation.of(((BigDecimal) value).toPlainString())
              + "' does not fit "
              + column.targetSql());
    }
    return rounded;
  }

  /**
   * Text: numbers as their decimal text, NUL refused; {@code character varying(n)} and {@code
   * character(n)} refuse longer values unless the excess is spaces (which are cut), and {@code
   * character(n)} pads with spaces, as PostgreSQL does.
   */
  static String toText(JsonNode node, ColumnDef column) {
    String text = node.isNumber() ? numberText(node) : node.asText();
    if (text.indexOf('\0') >= 0) {
      throw new ValueCastException("text contains a NUL byte, which PostgreSQL text cannot store");
    }
    return withLength(text, column);
  }

  /**
   * Whether text goes into {@code column} as it is, with no length to check or pad to: {@code
   * text}, {@code bpchar} (the common case, kept cheap), not {@code varchar(n)} or {@code char(n)}.
   */
  static boolean unbounded(ColumnDef column) {
    String sql = column.targetSql();
    return !sql.startsWith("char") && !sql.startsWith("varchar");
  }

  private static String withLength(String text, ColumnDef column) {
    if (unbounded(column)) {
      return text;
    }
    String base = column.castSql();
    boolean padded;
    int length;
    if (base.equals("character varying") || base.equals("varchar")) {
      padded = false;
      length = TypeSpelling.modifier(column.targetSql(), 0, -1);
    } else if (base.equals("character") || base.equals("char")) {
      padded = true;
      length = TypeSpelling.modifier(column.targetSql(), 0, 1);
    } else {
      return text;
    }
    if (length < 0) {
      return text;
    }
    int chars = text.codePointCount(0, text.length());
    if (chars > length) {
      int cut = text.offsetByCodePoints(0, length);
      if (!text.substring(cut).chars().allMatch(c -> c == ' ')) {
        throw new ValueCastException(
            "value too long for " + column.targetSql() + " (" + chars + " characters)");
      }
      return text.substring(0, cut);
    }
    if (padded && chars < length) {
      return text + " ".repeat(length - chars);
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

  /** An enum label: a string (PostgreSQL checks that it is one of the type's labels). */
  /**
   * A value of a type kept by its PostgreSQL text form: the text itself; a number as its digits; an
   * array of such values (as the capture of an array column may deliver it) as PostgreSQL's array
   * literal of their texts.
   */
  static String toTextForm(JsonNode node, ColumnDef column) {
    if (node.isArray()) {
      return ArrayValues.literal(textForms(node, column), Object::toString, false);
    }
    if (node.isTextual() || node.isNumber()) {
      String text = node.asText();
      if (text.indexOf('\0') >= 0) {
        throw new ValueCastException("a " + column.targetSql() + " value contains a NUL byte");
      }
      return text;
    }
    throw new ValueCastException(
        "'"
            + Abbreviation.of(node.toString())
            + "' is not a "
            + column.targetSql()
            + " value (expected its PostgreSQL text form)");
  }

  private static List<Object> textForms(JsonNode array, ColumnDef column) {
    List<Object> out = new ArrayList<>(array.size());
    for (JsonNode item : array) {
      if (item.isNull()) {
        out.add(null);
      } else if (item.isArray()) {
        out.add(textForms(item, column));
      } else {
        out.add(toTextForm(item, column));
      }
    }
    return out;
  }

  static String toLabel(JsonNode node) {
    if (!node.isTextual()) {
      throw new ValueCastException(
          "'" + Abbreviation.of(node.asText()) + "' is not an enum label (expected a string)");
    }
    String label = node.textValue();
    if (label.indexOf('\0') >= 0) {
      throw new ValueCastException("enum label contains a NUL byte");
    }
    return label;
  }

  /**
   * A boolean: JSON true/false, the integers 1 and 0, or PostgreSQL's spellings ({@code t}, {@code
   * true}, {@code yes}, {@code on}, {@code 1}, and their opposites), in any case.
   */
  static Boolean toBoolean(JsonNode node) {
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      long v = node.longValue();
      if (v == 0 || v == 1) {
        return v == 1;
      }
    }
    if (node.isTextual()) {
      switch (node.textValue().strip().toLowerCase(Locale.ROOT)) {
        case "t", "true", "y", "yes", "on", "1":
          return Boolean.TRUE;
        case "f", "false", "n", "no", "off", "0":
          return Boolean.FALSE;
        default:
          break;
      }
    }
    throw new ValueCastException("'" + Abbreviation.of(node.asText()) + "' is not a boolean");
  }

  /**
   * A uuid: 32 hex digits, either plain or in 8-4-4-4-12 groups, optionally in braces, any case.
   */
  static UUID toUuid(JsonNode node) {
    if (!node.isTextual()) {
      throw new ValueCastException("'" + Abbreviation.of(node.asText()) + "' is not a UUID");
    }
    return parseUuid(node.textValue());
  }

  /**
   * A UUID from its text: 32 hex digits, in the 8-4-4-4-12 form or without dashes, optionally in
   * braces and surrounded by white space. Parsed in one pass without copies (every UUID of every
   * row of a load goes through here).
   */
  static UUID parseUuid(String text) {
    int start = Whitespace.start(text);
    int end = Whitespace.end(text, start);
    if (end - start >= 2 && text.charAt(start) == '{' && text.charAt(end - 1) == '}') {
      start++;
      end--;
    }
    int length = end - start;
    boolean dashed =
        length == 36
            && text.charAt(start + 8) == '-'
            && text.charAt(start + 13) == '-'
            && text.charAt(start + 18) == '-'
            && text.charAt(start + 23) == '-';
    if (!dashed && length != 32) {
      throw notAUuid(text);
    }
    long high = 0;
    long low = 0;
    int digits = 0;
    for (int i = start; i < end; i++) {
      int at = i - start;
      if (dashed && (at == 8 || at == 13 || at == 18 || at == 23)) {
        continue;
      }
      int digit = Character.digit(text.charAt(i), 16);
      if (digit < 0) {
        throw notAUuid(text);
      }
      if (digits < 16) {
        high = high << 4 | digit;
      } else {
        low = low << 4 | digit;
      }
      digits++;
    }
    return new UUID(high, low);
  }

  private static ValueCastException notAUuid(String text) {
    return new ValueCastException(
        "'" + Abbreviation.of(text) + "' is not a UUID (expected 8-4-4-4-12 hex digits)");
  }

  static byte[] toBytes(JsonNode node) {
    if (!node.isTextual()) {
      throw new ValueCastException(
          "'" + Abbreviation.of(node.asText()) + "' is not binary (base64) data");
    }
    try {
      return Base64.getDecoder().decode(node.textValue());
    } catch (IllegalArgumentException e) {
      throw new ValueCastException("binary value is not valid base64: " + e.getMessage());
    }
  }

  /** PostgreSQL's hex output of bytea, {@code \x0102ff}. */
  static byte[] parseByteaHex(String text) {
    if (!text.startsWith("\\x")) {
      throw new ValueCastException(
          "'" + Abbreviation.of(text) + "' is not bytea in hex form (bytea_output = hex)");
    }
    try {
      return HexFormat.of().parseHex(text, 2, text.length());
    } catch (IllegalArgumentException e) {
      throw new ValueCastException("'" + Abbreviation.of(text) + "' is not bytea hex");
    }
  }

  static String byteaHex(byte[] bytes) {
    return "\\x" + HexFormat.of().formatHex(bytes);
  }
}
