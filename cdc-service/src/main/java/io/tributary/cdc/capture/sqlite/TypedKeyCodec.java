package io.tributary.cdc.capture.sqlite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.tributary.common.event.ChangeEventCodec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Writes a snapshot position (the key values of the last row read) into an offset and back, keeping
 * each value's SQLite storage class, so that the resumed range query compares exactly as the
 * interrupted one did (SQLite orders integers, reals, text and blobs differently).
 */
final class TypedKeyCodec {
  private TypedKeyCodec() {}

  static String encode(List<Object> values) {
    ArrayNode array = ChangeEventCodec.MAPPER.createArrayNode();
    for (Object value : values) {
      ArrayNode pair = array.addArray();
      if (value == null) {
        pair.add("n");
      } else if (value instanceof Integer || value instanceof Long) {
        pair.add("i").add(((Number) value).longValue());
      } else if (value instanceof Double d) {
        pair.add("r").add(d);
      } else if (value instanceof String s) {
        pair.add("s").add(s);
      } else if (value instanceof byte[] b) {
        pair.add("b").add(Base64.getEncoder().encodeToString(b));
      } else {
        throw new IllegalArgumentException(
            "unsupported key value of " + value.getClass().getName());
      }
    }
    return array.toString();
  }

  static List<Object> decode(String text) {
    try {
      JsonNode array = ChangeEventCodec.MAPPER.readTree(text);
      List<Object> values = new ArrayList<>();
      for (JsonNode pair : array) {
        String tag = pair.get(0).asText();
        values.add(
            switch (tag) {
              case "n" -> null;
              case "i" -> pair.get(1).longValue();
              case "r" -> pair.get(1).doubleValue();
              case "s" -> pair.get(1).textValue();
              case "b" -> Base64.getDecoder().decode(pair.get(1).textValue());
              default -> throw new IllegalArgumentException("unknown key value tag '" + tag + "'");
            });
      }
      return values;
    } catch (IOException e) {
      throw new IllegalArgumentException("unreadable snapshot position '" + text + "'", e);
    }
  }
}
