package io.tributary.common.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A plan's word on one view or trigger of a source ({@code objects: {"view active_users": "SELECT
 * ...", "trigger touch_notes": "CREATE FUNCTION ...; CREATE TRIGGER ...", "view legacy": skip}}):
 * the PostgreSQL that replaces it (made instead of its translation, or where there is none), or
 * {@code skip}, not made.
 *
 * <p>A view's replacement is its query ({@code SELECT}, {@code WITH}, {@code VALUES}), one
 * statement; Tributary makes it {@code CREATE OR REPLACE VIEW "name" AS <query>}. A trigger's
 * replacement is the statements that make it, each a {@code CREATE [OR REPLACE] FUNCTION}, {@code
 * PROCEDURE} or {@code TRIGGER} (statements that define, and run nothing) — typically its function
 * and the trigger. Either runs as the target schema's owner role with that schema on the search
 * path: it is the operator's own SQL for its own schema.
 *
 * @param kind {@code view} or {@code trigger}
 * @param name the view's or the trigger's name in the source
 * @param replacement the PostgreSQL that makes it; null: {@code skip}
 */
public record ObjectRule(String kind, String name, String replacement) {
  /** The value that leaves an object out. */
  public static final String SKIP = "skip";

  private static final Pattern KEY = Pattern.compile("(view|trigger)\\s+(\\S.*)");
  private static final Pattern VIEW_QUERY =
      Pattern.compile("(?is)\\s*\\(*\\s*(select|with|values)\\b.*");
  private static final Pattern DEFINITION =
      Pattern.compile(
          "(?is)create\\s+(or\\s+replace\\s+)?(constraint\\s+)?(function|procedure|trigger)\\b.*");

  /** Whether the plan leaves the object out. */
  public boolean skip() {
    return replacement == null;
  }

  /** The entry's key as a plan writes it: {@code view name}, {@code trigger name}. */
  public String key() {
    return kind + " " + name;
  }

  /**
   * One entry of {@code objects}.
   *
   * @throws IllegalArgumentException with what is wrong, for a key that names no view or trigger,
   *     an empty value, a view's replacement that is no query or holds more than one statement, a
   *     trigger's replacement with a statement other than a definition
   */
  public static ObjectRule parse(String key, String value) {
    Matcher m = KEY.matcher(key.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + key + "' names no object: write 'view <name>' or 'trigger <name>'");
    }
    String kind = m.group(1);
    String name = m.group(2).strip();
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          "expected the PostgreSQL that makes the " + kind + ", or " + SKIP);
    }
    if (value.strip().equalsIgnoreCase(SKIP)) {
      return new ObjectRule(kind, name, null);
    }
    List<String> statements = statements(value);
    if (kind.equals("view")) {
      if (statements.size() != 1 || !VIEW_QUERY.matcher(statements.get(0)).matches()) {
        throw new IllegalArgumentException(
            "a view's replacement is its query, one SELECT (or WITH, VALUES) statement;"
                + " Tributary makes the view of it");
      }
    } else {
      for (String s : statements) {
        if (!DEFINITION.matcher(s).matches()) {
          throw new IllegalArgumentException(
              "a trigger's replacement is made of CREATE FUNCTION, CREATE PROCEDURE and CREATE"
                  + " TRIGGER statements; this one is not: "
                  + abbreviated(s));
        }
      }
    }
    return new ObjectRule(kind, name, String.join(";\n", statements));
  }

  private static String abbreviated(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "..." : s;
  }

  /**
   * PostgreSQL text split into its statements at the semicolons outside strings, quoted names,
   * dollar-quoted bodies and comments; blank statements left out.
   *
   * @throws IllegalArgumentException for a string, name, body or comment not closed
   */
  static List<String> statements(String sql) {
    List<String> out = new ArrayList<>();
    int from = 0;
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"') {
        boolean escapes =
            c == '\'' && i > 0 && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e');
        i = closing(sql, i, c, escapes);
      } else if (c == '-' && sql.startsWith("--", i)) {
        int end = sql.indexOf('\n', i);
        i = end < 0 ? n : end + 1;
      } else if (c == '/' && sql.startsWith("/*", i)) {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? unclosed("comment") : end + 2;
      } else if (c == '$' && dollarTag(sql, i) != null) {
        String tag = dollarTag(sql, i);
        int end = sql.indexOf(tag, i + tag.length());
        i = end < 0 ? unclosed("dollar-quoted body " + tag) : end + tag.length();
      } else if (c == ';') {
        add(out, sql.substring(from, i));
        from = ++i;
      } else {
        i++;
      }
    }
    add(out, sql.substring(from));
    return out;
  }

  private static void add(List<String> out, String statement) {
    if (!statement.isBlank()) {
      out.add(statement.strip());
    }
  }

  private static int unclosed(String what) {
    throw new IllegalArgumentException("a " + what + " is not closed");
  }

  /** The index after the quote closing the one at {@code at} (doubled quotes kept). */
  private static int closing(String sql, int at, char quote, boolean escapes) {
    int i = at + 1;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (escapes && c == '\\') {
        i += 2;
      } else if (c == quote && i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
        i += 2;
      } else if (c == quote) {
        return i + 1;
      } else {
        i++;
      }
    }
    return unclosed(quote == '"' ? "quoted name" : "string");
  }

  /** The dollar quote ({@code $$}, {@code $body$}) starting at {@code at}; null if none does. */
  private static String dollarTag(String sql, int at) {
    if (at > 0) {
      char before = sql.charAt(at - 1);
      if (Character.isLetterOrDigit(before) || before == '_') {
        return null;
      }
    }
    int i = at + 1;
    while (i < sql.length()
        && (Character.isLetter(sql.charAt(i))
            || sql.charAt(i) == '_'
            || i > at + 1 && Character.isDigit(sql.charAt(i)))) {
      i++;
    }
    return i < sql.length() && sql.charAt(i) == '$' ? sql.substring(at, i + 1) : null;
  }
}
