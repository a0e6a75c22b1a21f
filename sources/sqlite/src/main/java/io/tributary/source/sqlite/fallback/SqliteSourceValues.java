package io.tributary.source.sqlite.fallback;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.value.JsonText;
import io.tributary.common.value.PostgresText;
import io.tributary.common.value.SparseVector;
import io.tributary.common.value.ValueCastException;
import io.tributary.common.value.ValueCodec;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A target value as its SQLite column holds it ({@link SqliteColumnForm}): what the fallback window
 * writes back, chosen so that capture, reading it again ({@code SourceCasts}), gets the target's
 * value back, and the application reads what it wrote:
 *
 * <ul>
 *   <li>integers as INTEGER, reals as REAL ({@code NaN}, which SQLite would store as NULL, as the
 *       text {@code NaN}), numerics as INTEGER when whole, else REAL when the double is exact, else
 *       the decimal's text; numbers as text in columns that hold them as text;
 *   <li>text as TEXT (numbers as numbers in an untyped column that holds numbers), enum labels as
 *       TEXT;
 *   <li>booleans as 1/0, or as the words the column uses ({@code true}/{@code false}, ...);
 *   <li>uuids in the column's case, braces and dashes, or as 16-byte BLOBs;
 *   <li>json and jsonb as the document's text; arrays as JSON text;
 *   <li>bytea as BLOB; vectors as little-endian float32 BLOBs, or as their JSON text in columns of
 *       text;
 *   <li>dates and times in the column's format ({@link SqliteTimeFormat}), times of day as {@code
 *       HH:MM:SS[.ffffff]}.
 * </ul>
 */
public final class SqliteSourceValues {
  private static final Pattern CANONICAL_INTEGER = Pattern.compile("-?(0|[1-9]\\d{0,18})");

  private SqliteSourceValues() {}

  /**
   * The SQLite value of a target value.
   *
   * @param value the value as {@link ValueCodec#decode} gives it for {@code column}
   * @return a Long, Double, String or byte[] (null for null)
   * @throws ValueCastException when the value cannot be written in the column's form
   */
  public static Object toSqlite(Object value, ColumnDef column, SqliteColumnForm form) {
    if (value == null) {
      return null;
    }
    return switch (column.targetType()) {
      case TIMESTAMPTZ, TIMESTAMP, DATE -> form.time().format(value);
      case TIME -> DateTimeFormatter.ISO_LOCAL_TIME.format((LocalTime) value);
      case BOOLEAN -> {
        boolean b = (Boolean) value;
        if (form.trueText() != null) {
          yield b ? form.trueText() : form.falseText();
        }
        yield b ? 1L : 0L;
      }
      case UUID -> form.uuid().write((UUID) value);
      case JSON, JSONB -> ((JsonText) value).text();
      case VECTOR, HALFVEC -> {
        float[] vector = (float[]) value;
        yield form.vectorBlobs() ? float32(vector) : PostgresText.render(vector, column);
      }
      case SPARSEVEC -> ((SparseVector) value).text();
      case BYTEA -> value;
      case BIGINT, INTEGER, SMALLINT -> {
        long n = ((Number) value).longValue();
        yield form.numbersAsText() ? Long.toString(n) : n;
      }
      case DOUBLE, REAL -> real(value, form);
      case NUMERIC -> numeric(value, form);
      case TEXT, ENUM, TEXT_FORM -> text((String) value, form);
      case ARRAY -> ValueCodec.toJson((List<?>) value).toString();
    };
  }

  private static Object real(Object value, SqliteColumnForm form) {
    // a float32 as the double of its shortest text (0.1f as 0.1, which reads back as 0.1f)
    double d = value instanceof Float f ? Double.parseDouble(Float.toString(f)) : (Double) value;
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (form.numbersAsText()) {
      return Double.isInfinite(d) ? (d > 0 ? "Infinity" : "-Infinity") : Double.toString(d);
    }
    return d;
  }

  private static Object numeric(Object value, SqliteColumnForm form) {
    if (value instanceof Double d) {
      return real(d, form);
    }
    BigDecimal decimal = (BigDecimal) value;
    if (form.numbersAsText()) {
      return decimal.toPlainString();
    }
    BigDecimal whole = decimal.stripTrailingZeros();
    if (whole.scale() <= 0 && whole.precision() - whole.scale() <= 18) {
      return whole.longValueExact();
    }
    double d = decimal.doubleValue();
    if (Double.isFinite(d) && new BigDecimal(Double.toString(d)).compareTo(decimal) == 0) {
      return d;
    }
    return decimal.toPlainString();
  }

  private static Object text(String text, SqliteColumnForm form) {
    if (!form.textNumbers()) {
      return text;
    }
    if (CANONICAL_INTEGER.matcher(text).matches()) {
      try {
        return Long.parseLong(text);
      } catch (NumberFormatException e) {
        return text;
      }
    }
    if (!text.isEmpty() && (Character.isDigit(text.charAt(0)) || text.charAt(0) == '-')) {
      try {
        double d = Double.parseDouble(text);
        if (Double.isFinite(d) && Double.toString(d).equals(text)) {
          return d;
        }
      } catch (NumberFormatException e) {
        return text;
      }
    }
    return text;
  }

  private static byte[] float32(float[] vector) {
    ByteBuffer out = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : vector) {
      out.putFloat(f);
    }
    return out.array();
  }
}
