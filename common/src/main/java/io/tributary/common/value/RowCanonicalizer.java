package io.tributary.common.value;

import java.math.BigDecimal;
import java.util.HexFormat;
import java.util.List;

/**
 * The canonical text of a row: the same for a source row (after decoding) and its target row,
 * whatever engine holds it. Each value is tagged by kind and length-prefixed, so no two different
 * rows share a canonical form; NULL is distinct from the empty string.
 */
public final class RowCanonicalizer {
  private RowCanonicalizer() {}

  /**
   * @param values the row's values in catalog column order, each a Java value of its target type
   *     (Long, Double, String, byte[], BigDecimal) or null
   */
  public static String canonical(List<Object> values) {
    StringBuilder out = new StringBuilder(64);
    for (Object value : values) {
      appendValue(out, value);
    }
    return out.toString();
  }

  static void appendValue(StringBuilder out, Object value) {
    if (value == null) {
      out.append("N;");
      return;
    }
    String text;
    char tag;
    if (value instanceof Long l) {
      tag = 'I';
      text = Long.toString(l);
    } else if (value instanceof Double d) {
      tag = 'F';
      text = d == 0.0 ? "0.0" : Double.toString(d); // -0.0 equals 0.0 in both engines' comparisons
    } else if (value instanceof String s) {
      tag = 'T';
      text = s;
    } else if (value instanceof byte[] b) {
      tag = 'B';
      text = HexFormat.of().formatHex(b);
    } else if (value instanceof BigDecimal d) {
      tag = 'D';
      text = d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    } else {
      throw new IllegalArgumentException("no canonical form for " + value.getClass().getName());
    }
    out.append(tag).append(text.length()).append(':').append(text).append(';');
  }
}
