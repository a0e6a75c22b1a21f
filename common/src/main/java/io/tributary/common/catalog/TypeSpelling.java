package io.tributary.common.catalog;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a PostgreSQL type spelling such as {@code numeric(10,2)}, {@code timestamp(3) with time
 * zone}, {@code "app"."mood"[]} or {@code vector(384)}: its parameters (type modifiers), the
 * spelling without them, and the element type of an array type. Parentheses and brackets inside
 * double-quoted names are part of the name.
 */
public final class TypeSpelling {
  private TypeSpelling() {}

  /**
   * The spelling without type modifiers: {@code numeric(10,2)} → {@code numeric}, {@code
   * timestamp(3) with time zone} → {@code timestamp with time zone}, {@code character
   * varying(20)[]} → {@code character varying[]}. Casting to this spelling never truncates or
   * rounds; the column's own modifiers apply when the value is assigned.
   */
  public static String withoutModifiers(String sql) {
    StringBuilder out = new StringBuilder(sql.length());
    boolean quoted = false;
    int depth = 0;
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      }
      if (!quoted && c == '(') {
        depth++;
        continue;
      }
      if (!quoted && c == ')' && depth > 0) {
        depth--;
        continue;
      }
      if (depth == 0) {
        out.append(c);
      }
    }
    return out.toString().replaceAll(" {2,}", " ").trim();
  }

  /**
   * The integer modifiers of the first parenthesized group outside quotes: {@code numeric(10,2)} →
   * [10, 2], {@code vector(3)} → [3], {@code text} → [].
   *
   * @throws IllegalArgumentException when the group holds something else than integers
   */
  public static List<Integer> modifiers(String sql) {
    boolean quoted = false;
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && c == '(') {
        int end = sql.indexOf(')', i);
        if (end < 0) {
          throw new IllegalArgumentException("unbalanced parentheses in type " + sql);
        }
        List<Integer> values = new ArrayList<>();
        for (String part : sql.substring(i + 1, end).split(",")) {
          try {
            values.add(Integer.parseInt(part.trim()));
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("type modifier '" + part + "' of " + sql, e);
          }
        }
        return values;
      }
    }
    return List.of();
  }

  /** The modifier at {@code index}, or {@code fallback} when the spelling has none there. */
  public static int modifier(String sql, int index, int fallback) {
    List<Integer> values = modifiers(sql);
    return index < values.size() ? values.get(index) : fallback;
  }

  /** True when the spelling ends in {@code []} (or {@code [n]}) outside quotes. */
  public static boolean isArray(String sql) {
    boolean quoted = false;
    char last = ' ';
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (c == '"') {
        quoted = !quoted;
        last = c;
      } else if (!Character.isWhitespace(c)) {
        last = quoted ? 'x' : c;
      }
    }
    return last == ']';
  }

  /**
   * The element type of an array spelling: {@code integer[]} → {@code integer}, {@code character
   * varying(20)[][]} → {@code character varying(20)}, {@code "app"."mood"[]} → {@code
   * "app"."mood"}.
   *
   * @throws IllegalArgumentException when the spelling is not an array type
   */
  public static String elementOf(String sql) {
    String s = sql.trim();
    if (!isArray(s)) {
      throw new IllegalArgumentException("not an array type: " + sql);
    }
    while (s.endsWith("]")) {
      int open = s.lastIndexOf('[');
      if (open < 0) {
        throw new IllegalArgumentException("unbalanced brackets in type " + sql);
      }
      s = s.substring(0, open).trim();
    }
    return s;
  }
}
