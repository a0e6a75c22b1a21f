package io.tributary.common.value;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The canonical text of a row: the same for a source row (after decoding) and its target row,
 * whatever engine holds it. Each value is tagged by kind and length-prefixed (in code points), so
 * no two different rows share a canonical form; NULL is distinct from the empty string, the empty
 * array and a NULL array element from an empty one.
 *
 * <p>Values compare as PostgreSQL compares them: integers of any width by value; reals as float64
 * or float32 (vectors element by element as float32, by their bits); numerics by value ({@code
 * 12.50} = {@code 12.5}); json documents by their {@link JsonText#canonical() canonical form} (key
 * order and spacing do not matter); timestamps with time zone as instants (an offset of +02:00 and
 * the same instant in Z are equal) at the precision they hold; uuids in lower case.
 */
public final class RowCanonicalizer {
  private RowCanonicalizer() {}

  /**
   * @param values the row's values in catalog column order, each the Java value of its column's
   *     target type (see {@link io.tributary.common.catalog.TargetType}) or null
   */
  public static String canonical(List<Object> values) {
    StringBuilder out = new StringBuilder(64);
    append(out, values);
    return out.toString();
  }

  /** Appends the row's canonical text (see {@link #canonical}). */
  static void append(StringBuilder out, List<Object> values) {
    for (Object value : values) {
      appendValue(out, value);
    }
  }

  /** The canonical text of one value (as it appears in its row's canonical form). */
  public static String canonicalValue(Object value) {
    StringBuilder out = new StringBuilder(16);
    appendValue(out, value);
    return out.toString();
  }

  static void appendValue(StringBuilder out, Object value) {
    // the types of SQLite sources first, in a method small enough to stay fast
    if (value == null) {
      out.append("N;");
    } else if (value instanceof Long l) {
      tagged(out, 'I', Long.toString(l));
    } else if (value instanceof String s) {
      tagged(out, 'T', s);
    } else if (value instanceof Double d) {
      tagged(out, 'F', d == 0.0 ? "0.0" : Double.toString(d)); // -0.0 equals 0.0 in both engines
    } else if (value instanceof BigDecimal d) {
      tagged(out, 'D', d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString());
    } else if (value instanceof byte[] b) {
      tagged(out, 'B', HexFormat.of().formatHex(b));
    } else {
      appendOther(out, value);
    }
  }

  private static void appendOther(StringBuilder out, Object value) {
    if (value instanceof List<?> list) {
      out.append('A').append(list.size()).append('[');
      for (Object item : list) {
        appendValue(out, item);
      }
      out.append("];");
    } else if (value instanceof Integer || value instanceof Short) {
      tagged(out, 'I', value.toString());
    } else if (value instanceof Float f) {
      tagged(out, 'R', floatText(f));
    } else if (value instanceof Boolean b) {
      tagged(out, 'L', b ? "t" : "f");
    } else if (value instanceof UUID u) {
      tagged(out, 'U', u.toString().toLowerCase(Locale.ROOT));
    } else if (value instanceof JsonText j) {
      tagged(out, 'J', j.canonical());
    } else if (value instanceof LocalDate d) {
      tagged(out, 'd', TemporalText.isoDate(d));
    } else if (value instanceof LocalTime t) {
      tagged(out, 't', Long.toString(t.toNanoOfDay()));
    } else if (value instanceof LocalDateTime t) {
      tagged(
          out,
          'S',
          t.equals(LocalDateTime.MAX)
              ? "infinity"
              : t.equals(LocalDateTime.MIN)
                  ? "-infinity"
                  : instant(t.toEpochSecond(ZoneOffset.UTC), t.getNano()));
    } else if (value instanceof OffsetDateTime t) {
      tagged(
          out,
          'Z',
          t.equals(OffsetDateTime.MAX)
              ? "infinity"
              : t.equals(OffsetDateTime.MIN)
                  ? "-infinity"
                  : instant(t.toEpochSecond(), t.getNano()));
    } else if (value instanceof float[] v) {
      vectorBits(out, v);
    } else if (value instanceof SparseVector s) {
      tagged(out, 'P', s.text());
    } else {
      throw new IllegalArgumentException("no canonical form for " + value.getClass().getName());
    }
  }

  /**
   * {@code <tag><length>:<text>;}, the length in Unicode code points (PostgreSQL's {@code length()}
   * of a text: counting UTF-16 units there took a regular expression over every value).
   */
  private static void tagged(StringBuilder out, char tag, String text) {
    out.append(tag)
        .append(text.codePointCount(0, text.length()))
        .append(':')
        .append(text)
        .append(';');
  }

  private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();

  /**
   * A vector, tagged {@code V}, as the IEEE 754 bits of its elements, 8 hex digits each (-0.0 as
   * 0.0, as PostgreSQL compares them): exact, and far cheaper than each element's decimal text.
   * Appended digit by digit (ASCII: its length in code points is its length in characters), not
   * built as a string first: an embedding's 3 KB of digits are copied once.
   */
  private static void vectorBits(StringBuilder out, float[] v) {
    out.append('V').append(v.length * 8).append(':');
    for (float f : v) {
      int bits = f == 0.0f ? 0 : Float.floatToIntBits(f);
      for (int shift = 28; shift >= 0; shift -= 4) {
        out.append(HEX_DIGITS[(bits >>> shift) & 0xf]);
      }
    }
    out.append(';');
  }

  private static String floatText(float f) {
    return f == 0.0f ? "0.0" : VectorValues.floatText(f); // -0.0 equals 0.0, as in PostgreSQL
  }

  /** Seconds since 1970-01-01 UTC and nanoseconds: the same instant whatever the offset. */
  private static String instant(long epochSecond, int nanos) {
    return epochSecond + "." + nanos;
  }
}
