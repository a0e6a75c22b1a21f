package io.tributary.common.value;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TargetType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Array values: decoded from JSON arrays (nested arrays for more dimensions, JSON null for a NULL
 * element) into Lists, rendered as and parsed from PostgreSQL's array literal ({@code
 * {"a",NULL,"c"}}, {@code {{1,2},{3,4}}}).
 *
 * <p>Arrays must be rectangular and have at most 6 dimensions, as in PostgreSQL; an array without
 * any element is the empty List, whatever its nesting (PostgreSQL stores every empty array as
 * {@code {}}). Elements of {@code json}, {@code jsonb}, {@code vector} and {@code halfvec} arrays
 * are one-dimensional: each item of the JSON array is one element, even when it is itself a JSON
 * array.
 */
final class ArrayValues {
  /** PostgreSQL's MAXDIM. */
  static final int MAX_DIMENSIONS = 6;

  private ArrayValues() {}

  /** Decodes a JSON array; {@code decodeElement} decodes one non-null element. */
  static List<Object> decode(
      JsonNode node, ColumnDef column, BiFunction<JsonNode, ColumnDef, Object> decodeElement) {
    if (!node.isArray()) {
      throw new ValueCastException(
          "'"
              + Abbreviation.of(node.asText())
              + "' is not an array (expected a JSON array, e.g. [1,2,null])");
    }
    ColumnDef element = column.element();
    boolean flat = isFlat(element.targetType());
    List<Object> value = decodeLevel(node, element, flat, decodeElement, "", 1);
    checkRectangular(value, flat);
    return countLeaves(value, flat) == 0 ? List.of() : value;
  }

  private static List<Object> decodeLevel(
      JsonNode node,
      ColumnDef element,
      boolean flat,
      BiFunction<JsonNode, ColumnDef, Object> decodeElement,
      String path,
      int depth) {
    if (depth > MAX_DIMENSIONS) {
      throw new ValueCastException(
          "the array has more than " + MAX_DIMENSIONS + " dimensions (PostgreSQL's limit)");
    }
    List<Object> out = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      JsonNode item = node.get(i);
      String here = path + "[" + (i + 1) + "]";
      if (item == null || item.isNull()) {
        out.add(null);
      } else if (item.isArray() && !flat) {
        out.add(decodeLevel(item, element, false, decodeElement, here, depth + 1));
      } else {
        try {
          out.add(decodeElement.apply(item, element));
        } catch (ValueCastException e) {
          throw new ValueCastException("element " + here + ": " + e.getMessage());
        }
      }
    }
    return out;
  }

  private static boolean isFlat(TargetType elementType) {
    return elementType == TargetType.JSON
        || elementType == TargetType.JSONB
        || elementType == TargetType.VECTOR
        || elementType == TargetType.HALFVEC;
  }

  /** Every level holds either only sub-arrays of one length or only elements (and NULLs). */
  private static void checkRectangular(List<Object> array, boolean flat) {
    if (flat) {
      return;
    }
    List<List<Object>> level = List.of(array);
    while (true) {
      boolean anyList = false;
      boolean anyElement = false;
      int length = -1;
      List<List<Object>> next = new ArrayList<>();
      for (List<Object> items : level) {
        for (Object item : items) {
          if (item instanceof List<?> list) {
            anyList = true;
            @SuppressWarnings("unchecked")
            List<Object> sub = (List<Object>) list;
            if (length >= 0 && sub.size() != length) {
              throw new ValueCastException(
                  "multidimensional arrays must be rectangular: sub-arrays of lengths "
                      + length
                      + " and "
                      + sub.size());
            }
            length = sub.size();
            next.add(sub);
          } else {
            anyElement = true;
          }
        }
      }
      if (anyList && anyElement) {
        throw new ValueCastException(
            "multidimensional arrays must be rectangular: a level mixes sub-arrays with"
                + " elements or NULLs");
      }
      if (!anyList) {
        return;
      }
      level = next;
    }
  }

  private static int countLeaves(List<Object> array, boolean flat) {
    int count = 0;
    for (Object item : array) {
      count += !flat && item instanceof List<?> list ? countLeaves(cast(list), false) : 1;
    }
    return count;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> cast(List<?> list) {
    return (List<Object>) list;
  }

  /**
   * PostgreSQL's array literal: every element double-quoted with {@code "} and {@code \} escaped,
   * NULL elements as {@code NULL}, sub-arrays nested.
   */
  static String literal(List<?> array, Function<Object, String> elementText, boolean flat) {
    StringBuilder out = new StringBuilder(16 + array.size() * 8);
    appendLiteral(out, array, elementText, flat);
    return out.toString();
  }

  private static void appendLiteral(
      StringBuilder out, List<?> array, Function<Object, String> elementText, boolean flat) {
    out.append('{');
    for (int i = 0; i < array.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      Object item = array.get(i);
      if (item == null) {
        out.append("NULL");
      } else if (!flat && item instanceof List<?> sub) {
        appendLiteral(out, sub, elementText, false);
      } else {
        String text = elementText.apply(item);
        out.append('"');
        for (int c = 0; c < text.length(); c++) {
          char ch = text.charAt(c);
          if (ch == '"' || ch == '\\') {
            out.append('\\');
          }
          out.append(ch);
        }
        out.append('"');
      }
    }
    out.append('}');
  }

  static String literal(List<?> array, ColumnDef column, Function<Object, String> elementText) {
    return literal(array, elementText, isFlat(column.elementType()));
  }

  /**
   * Parses PostgreSQL's array output ({@code {1,NULL,"a b"}}, {@code [0:1]={1,2}}) into Lists;
   * {@code parseElement} turns one element's text into its value.
   */
  static List<Object> parse(String text, Function<String, Object> parseElement) {
    String s = text.strip();
    if (s.startsWith("[")) {
      int eq = s.indexOf('=');
      if (eq < 0) {
        throw new ValueCastException("'" + Abbreviation.of(text) + "' is not an array literal");
      }
      s = s.substring(eq + 1).strip();
    }
    Parser parser = new Parser(s, text, parseElement);
    List<Object> value = parser.array();
    parser.skipSpaces();
    if (parser.pos != s.length()) {
      throw new ValueCastException(
          "'" + Abbreviation.of(text) + "' is not an array literal: junk after the closing brace");
    }
    return value.isEmpty() ? List.of() : value;
  }

  private static final class Parser {
    private final String s;
    private final String original;
    private final Function<String, Object> parseElement;
    private int pos;

    Parser(String s, String original, Function<String, Object> parseElement) {
      this.s = s;
      this.original = original;
      this.parseElement = parseElement;
    }

    List<Object> array() {
      skipSpaces();
      expect('{');
      List<Object> out = new ArrayList<>();
      skipSpaces();
      if (peek() == '}') {
        pos++;
        return out;
      }
      while (true) {
        skipSpaces();
        char c = peek();
        if (c == '{') {
          out.add(array());
        } else if (c == '"') {
          out.add(parseElement.apply(quoted()));
        } else {
          String token = unquoted();
          out.add(token.equalsIgnoreCase("NULL") ? null : parseElement.apply(token));
        }
        skipSpaces();
        char after = peek();
        pos++;
        if (after == '}') {
          return Collections.unmodifiableList(out);
        }
        if (after != ',') {
          throw bad("expected ',' or '}'");
        }
      }
    }

    private String quoted() {
      pos++;
      StringBuilder out = new StringBuilder();
      while (pos < s.length()) {
        char c = s.charAt(pos++);
        if (c == '\\') {
          if (pos >= s.length()) {
            throw bad("dangling backslash");
          }
          out.append(s.charAt(pos++));
        } else if (c == '"') {
          return out.toString();
        } else {
          out.append(c);
        }
      }
      throw bad("unterminated quoted element");
    }

    private String unquoted() {
      StringBuilder out = new StringBuilder();
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (c == ',' || c == '}') {
          break;
        }
        if (c == '\\' && pos + 1 < s.length()) {
          out.append(s.charAt(pos + 1));
          pos += 2;
          continue;
        }
        out.append(c);
        pos++;
      }
      String token = out.toString().strip();
      if (token.isEmpty()) {
        throw bad("empty element");
      }
      return token;
    }

    void skipSpaces() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
    }

    private char peek() {
      if (pos >= s.length()) {
        throw bad("unexpected end");
      }
      return s.charAt(pos);
    }

    private void expect(char c) {
      if (peek() != c) {
        throw bad("expected '" + c + "'");
      }
      pos++;
    }

    private ValueCastException bad(String why) {
      return new ValueCastException(
          "'" + Abbreviation.of(original) + "' is not an array literal: " + why);
    }
  }
}
