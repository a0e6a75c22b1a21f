package io.tributary.testing;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * JSON text as Chroma's two writers print it, for {@link ChromaStoreFixture}: Python's {@code
 * json.dumps} (0.5/0.6: {@code ", "} and {@code ": "} separators, {@code ensure_ascii}, {@code
 * repr} floats such as {@code 1e-05}) and Rust's {@code serde_json::to_string} (1.x: compact, UTF-8
 * as is, ryu floats such as {@code 1e-5}). Values: String, Long/Integer, Double/Float, Boolean,
 * null, List and Map (insertion order).
 */
final class ChromaJson {
  private final boolean python;

  private ChromaJson(boolean python) {
    this.python = python;
  }

  /** Python's {@code json.dumps} with its defaults. */
  static final ChromaJson PYTHON = new ChromaJson(true);

  /** Rust's {@code serde_json::to_string}. */
  static final ChromaJson RUST = new ChromaJson(false);

  String write(Object value) {
    StringBuilder out = new StringBuilder();
    append(out, value);
    return out.toString();
  }

  private void append(StringBuilder out, Object value) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String s) {
      string(out, s);
    } else if (value instanceof Boolean b) {
      out.append(b ? "true" : "false");
    } else if (value instanceof Long || value instanceof Integer) {
      out.append(value);
    } else if (value instanceof Double || value instanceof Float) {
      out.append(number(((Number) value).doubleValue()));
    } else if (value instanceof Map<?, ?> map) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!first) {
          out.append(python ? ", " : ",");
        }
        first = false;
        string(out, (String) e.getKey());
        out.append(python ? ": " : ":");
        append(out, e.getValue());
      }
      out.append('}');
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          out.append(python ? ", " : ",");
        }
        append(out, list.get(i));
      }
      out.append(']');
    } else {
      throw new IllegalArgumentException("not a JSON value: " + value.getClass());
    }
  }

  private void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          // Python (ensure_ascii) escapes everything outside ' '..'~', serde_json only controls
          if (c < 0x20 || (python && c > 0x7e)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /** A finite double as Python's {@code repr} or ryu (serde_json) prints it. */
  String number(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      if (!python) {
        return "null";
      }
      return Double.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";
    }
    String sign = (v < 0 || (v == 0 && 1 / v < 0)) ? "-" : "";
    double a = Math.abs(v);
    if (a == 0) {
      return sign + "0.0";
    }
    BigDecimal d = new BigDecimal(Double.toString(a)).stripTrailingZeros();
    String digits = d.unscaledValue().toString();
    int n = digits.length();
    // v = 0.d1d2...dn × 10^decpt
    int decpt = n - d.scale();
    return sign + (python ? pythonRepr(digits, decpt) : ryu(digits, decpt));
  }

  private static String pythonRepr(String digits, int decpt) {
    int n = digits.length();
    if (decpt > -4 && decpt <= 16) {
      if (decpt <= 0) {
        return "0." + "0".repeat(-decpt) + digits;
      }
      if (decpt >= n) {
        return digits + "0".repeat(decpt - n) + ".0";
      }
      return digits.substring(0, decpt) + "." + digits.substring(decpt);
    }
    int exp = decpt - 1;
    String mantissa = n == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    return mantissa + "e" + (exp < 0 ? "-" : "+") + String.format("%02d", Math.abs(exp));
  }

  private static String ryu(String digits, int kk) {
    int n = digits.length();
    int k = kk - n;
    if (k >= 0 && kk <= 16) {
      return digits + "0".repeat(k) + ".0";
    }
    if (kk > 0 && kk <= 16) {
      return digits.substring(0, kk) + "." + digits.substring(kk);
    }
    if (kk > -5 && kk <= 0) {
      return "0." + "0".repeat(-kk) + digits;
    }
    String mantissa = n == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    return mantissa + "e" + (kk - 1);
  }
}
