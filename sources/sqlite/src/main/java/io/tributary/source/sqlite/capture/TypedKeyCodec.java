package io.tributary.source.sqlite.capture;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.common.event.ChangeEventCodec;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Key values that keep their SQLite storage class, as a JSON array of {@code [tag, value]} pairs:
 * {@code ["i", 5]} integer, {@code ["r", 2.5]} or {@code ["r", "2.5"]} real, {@code ["s", "abc"]}
 * text, {@code ["b", "<base64>"]} or {@code ["x", "<hex>"]} blob, {@code ["n"]} null.
 *
 * <p>Two writers use it: the snapshot stores the key of its last row in its offset (so a resumed
 * range query compares exactly as the interrupted one did: SQLite orders integers, reals, text and
 * blobs differently), and the change-log triggers write the key of each changed row (built in SQL
 * by {@link ChangeLogStatementBuilder#keyExpression}: SQLite's JSON functions refuse blobs, so
 * blobs are written as hex, and reals as text with 17 significant digits, which round-trips).
 * Decoding gives back the JDBC values (Long, Double, String, byte[], null) that find the row again
 * exactly.
 */
public final class TypedKeyCodec {
  private TypedKeyCodec() {}

  public static String encode(List<Object> values) {
    // streamed, not built as a tree: the snapshot encodes the key of every row it reads
    StringWriter text = new StringWriter(16 + 40 * values.size());
    try (JsonGenerator out = ChangeEventCodec.MAPPER.createGenerator(text)) {
      out.writeStartArray();
      for (Object value : values) {
        out.writeStartArray();
        if (value == null) {
          out.writeString("n");
        } else if (value instanceof Integer || value instanceof Long) {
          out.writeString("i");
          out.writeNumber(((Number) value).longValue());
        } else if (value instanceof Double d) {
          out.writeString("r");
          out.writeNumber(d);
        } else if (value instanceof String s) {
          out.writeString("s");
          out.writeString(s);
        } else if (value instanceof byte[] b) {
          out.writeString("b");
          out.writeString(Base64.getEncoder().encodeToString(b));
        } else {
          throw new IllegalArgumentException(
              "unsupported key value of " + value.getClass().getName());
        }
        out.writeEndArray();
      }
      out.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return text.toString();
  }

  public static List<Object> decode(String text) {
    try {
      JsonNode array = ChangeEventCodec.MAPPER.readTree(text);
      if (array == null || !array.isArray()) {
        throw new IllegalArgumentException("not a typed key: '" + text + "'");
      }
      List<Object> values = new ArrayList<>(array.size());
      for (JsonNode pair : array) {
        String tag = pair.get(0).asText();
        values.add(
            switch (tag) {
              case "n" -> null;
              case "i" -> pair.get(1).longValue();
              case "r" -> real(pair.get(1));
              case "s" -> pair.get(1).textValue();
              case "b" -> Base64.getDecoder().decode(pair.get(1).textValue());
              case "x" -> HexFormat.of().parseHex(pair.get(1).textValue());
              default -> throw new IllegalArgumentException("unknown key value tag '" + tag + "'");
            });
      }
      return values;
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("unreadable typed key '" + text + "'", e);
    }
  }

  /** A real as a JSON number, or as text as SQLite's {@code printf('%!.17g')} writes it. */
  private static double real(JsonNode node) {
    if (node.isNumber()) {
      return node.doubleValue();
    }
    String text = node.asText().trim();
    return switch (text) {
      case "Inf", "+Inf", "Infinity" -> Double.POSITIVE_INFINITY;
      case "-Inf", "-Infinity" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(text);
    };
  }

  /**
   * True when two JDBC key values are the same SQLite value of the same storage class (integers of
   * either Java width are equal; reals compare numerically).
   */
  public static boolean sameValue(Object a, Object b) {
    if (a == null || b == null) {
      return a == b;
    }
    if ((a instanceof Integer || a instanceof Long)
        && (b instanceof Integer || b instanceof Long)) {
      return ((Number) a).longValue() == ((Number) b).longValue();
    }
    if (a instanceof Double x && b instanceof Double y) {
      return x.doubleValue() == y.doubleValue();
    }
    if (a instanceof byte[] x && b instanceof byte[] y) {
      return Arrays.equals(x, y);
    }
    return a.getClass() == b.getClass() && a.equals(b);
  }
}
