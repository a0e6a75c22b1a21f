package io.tributary.source.chroma.store;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * A record's metadata as JSON text, keeping Chroma's types: strings, integers (no decimal point),
 * floats (always with one, also {@code 1e20} as {@code 100000000000000000000.0}, so {@code jsonb}
 * keeps telling them from integers), booleans, and arrays of those. A float Chroma holds as NaN or
 * an infinity has no JSON form: it is written as Python's {@code json} writes it ({@code NaN},
 * {@code Infinity}), which is not JSON, so apply rejects the record with its reason and validation
 * counts it among the expected rejects; nothing is dropped silently.
 */
public final class MetadataJson {
  private MetadataJson() {}

  /** The JSON object of typed values, keys in the order given. */
  public static String write(Map<String, Object> metadata) {
    StringBuilder out = new StringBuilder("{");
    boolean first = true;
    for (Map.Entry<String, Object> e : metadata.entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      string(out, e.getKey());
      out.append(':');
      value(out, e.getKey(), e.getValue());
    }
    return out.append('}').toString();
  }

  private static void value(StringBuilder out, String key, Object value) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String s) {
      string(out, s);
    } else if (value instanceof Boolean b) {
      out.append(b.booleanValue());
    } else if (value instanceof Long || value instanceof Integer) {
      out.append(value);
    } else if (value instanceof Double d) {
      out.append(floatText(key, d));
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        value(out, key, list.get(i));
      }
      out.append(']');
    } else {
      throw new IllegalArgumentException(
          "metadata key '" + key + "' holds a " + value.getClass().getSimpleName());
    }
  }

  /**
   * A float's shortest exact decimal, with at least one digit after the point; {@code NaN}, {@code
   * Infinity} or {@code -Infinity} for those.
   */
  static String floatText(String key, double value) {
    if (!Double.isFinite(value)) {
      return Double.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";
    }
    BigDecimal exact = new BigDecimal(Double.toString(value));
    if (exact.signum() == 0) {
      return (1 / value < 0) ? "-0.0" : "0.0";
    }
    exact = exact.stripTrailingZeros();
    if (exact.scale() < 1) {
      exact = exact.setScale(1);
    }
    return exact.toPlainString();
  }

  private static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
