package io.tributary.common.value;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The value of a {@code json} or {@code jsonb} column: the document's text as it is written to the
 * target (so a {@code json} column keeps the source's spelling: key order, spacing, duplicate keys)
 * and its canonical form, which is what equality and checksums compare: keys sorted, no
 * insignificant whitespace, numbers by value ({@code 1.0} = {@code 1} = {@code 1e0}), the last of
 * duplicate keys (as {@code jsonb} keeps it). A document holding a NUL character (also as {@code
 * \u0000}) is refused: PostgreSQL's {@code jsonb} cannot store it.
 */
public final class JsonText {
  /** Strict JSON, numbers exact, limits as wide as PostgreSQL's own. */
  private static final ObjectMapper STRICT =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxStringLength(Integer.MAX_VALUE)
                          .maxNumberLength(100_000)
                          .maxNestingDepth(10_000)
                          .build())
                  .build())
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private final String text;
  private final String canonical;

  private JsonText(String text, String canonical) {
    this.text = text;
    this.canonical = canonical;
  }

  /**
   * A document from its text.
   *
   * @throws ValueCastException when the text is not one valid JSON document or holds a NUL
   */
  public static JsonText parse(String text) {
    if (text.indexOf('\0') >= 0) {
      throw new ValueCastException("JSON text contains a NUL byte, which PostgreSQL cannot store");
    }
    JsonNode node;
    try {
      node = STRICT.readTree(text);
    } catch (JsonProcessingException e) {
      throw new ValueCastException(
          "'" + Abbreviation.of(text) + "' is not valid JSON: " + e.getOriginalMessage());
    }
    if (node == null || node.isMissingNode()) {
      throw new ValueCastException("'" + Abbreviation.of(text) + "' is not valid JSON: empty");
    }
    return new JsonText(text, canonicalOf(node));
  }

  /**
   * A document given as a JSON value (its compact text is what is written).
   *
   * @throws ValueCastException when it holds a NUL character
   */
  public static JsonText of(JsonNode node) {
    String canonical = canonicalOf(node);
    try {
      return new JsonText(STRICT.writeValueAsString(node), canonical);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON tree", e);
    }
  }

  /** The document as written to the target. */
  public String text() {
    return text;
  }

  /** The canonical form: equal for documents that {@code jsonb} considers equal. */
  public String canonical() {
    return canonical;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JsonText other && canonical.equals(other.canonical);
  }

  @Override
  public int hashCode() {
    return canonical.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }

  private static String canonicalOf(JsonNode node) {
    StringBuilder out = new StringBuilder();
    append(out, node);
    return out.toString();
  }

  private static void append(StringBuilder out, JsonNode node) {
    switch (node.getNodeType()) {
      case OBJECT -> {
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.properties());
        fields.sort(Map.Entry.comparingByKey());
        out.append('{');
        for (int i = 0; i < fields.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          appendString(out, fields.get(i).getKey());
          out.append(':');
          append(out, fields.get(i).getValue());
        }
        out.append('}');
      }
      case ARRAY -> {
        out.append('[');
        for (int i = 0; i < node.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          append(out, node.get(i));
        }
        out.append(']');
      }
      case STRING -> appendString(out, node.textValue());
      case NUMBER -> out.append(number(node.decimalValue()));
      case BOOLEAN -> out.append(node.booleanValue());
      case NULL -> out.append("null");
      default -> throw new ValueCastException("a JSON " + node.getNodeType() + " is not JSON data");
    }
  }

  private static void appendString(StringBuilder out, String s) {
    if (s.indexOf('\0') >= 0) {
      throw new ValueCastException(
          "JSON contains a NUL character (\\u0000), which PostgreSQL jsonb cannot store");
    }
    out.append('"').append(JsonStringEncoder.getInstance().quoteAsString(s)).append('"');
  }

  /** A number by value: unscaled digits and exponent, so 1.50, 1.5 and 15e-1 are one. */
  private static String number(BigDecimal value) {
    if (value.signum() == 0) {
      return "0";
    }
    BigDecimal stripped = value.stripTrailingZeros();
    return stripped.unscaledValue() + "e" + (-stripped.scale());
  }
}
