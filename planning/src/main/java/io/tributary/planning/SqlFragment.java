package io.tributary.planning;

import java.util.Locale;
import java.util.Set;

/**
 * A plan's SQL fragment — a {@code checks:} expression, a column's {@code default:} — read as one
 * expression before it goes into DDL, never as statements: quotes, quoted identifiers and dollar
 * quotes must close, parentheses balance, and outside of them there is no {@code ;}, no {@code ,}
 * and no comment. A {@code default:} may not add a column constraint after its value ({@code
 * PRIMARY KEY}, {@code REFERENCES}, …). PostgreSQL then parses what passes, inside the one
 * statement it is part of, and names any other mistake.
 */
public final class SqlFragment {
  /** The longest fragment taken. */
  public static final int MAX_LENGTH = 4000;

  /** Words that, after a default's value, would start a column constraint. */
  private static final Set<String> CONSTRAINT_WORDS =
      Set.of(
          "primary",
          "references",
          "unique",
          "check",
          "constraint",
          "collate",
          "generated",
          "default",
          "deferrable",
          "initially",
          "exclude");

  private SqlFragment() {}

  /**
   * What keeps {@code text} from being one CHECK expression; null when nothing does.
   *
   * @param text the fragment as the plan gives it
   */
  public static String checkProblem(String text) {
    return problem(text, false);
  }

  /** What keeps {@code text} from being one DEFAULT expression; null when nothing does. */
  public static String defaultProblem(String text) {
    return problem(text, true);
  }

  private static String problem(String text, boolean isDefault) {
    if (text == null || text.isBlank()) {
      return "is empty";
    }
    if (text.length() > MAX_LENGTH) {
      return "is " + text.length() + " characters long, more than " + MAX_LENGTH;
    }
    int depth = 0;
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (c == '\0') {
        return "holds a NUL character";
      }
      if (c == '\'') {
        boolean escapes = i > 0 && (text.charAt(i - 1) == 'E' || text.charAt(i - 1) == 'e');
        int end = closeQuote(text, i + 1, '\'', escapes);
        if (end < 0) {
          return "has a string that does not end (a ' is missing)";
        }
        i = end + 1;
        continue;
      }
      if (c == '"') {
        int end = closeQuote(text, i + 1, '"', false);
        if (end < 0) {
          return "has a quoted name that does not end (a \" is missing)";
        }
        i = end + 1;
        continue;
      }
      if (c == '$' && i + 1 < n && !Character.isDigit(text.charAt(i + 1))) {
        int tagEnd = text.indexOf('$', i + 1);
        if (tagEnd > 0 && text.substring(i + 1, tagEnd).matches("[A-Za-z_][A-Za-z0-9_]*|")) {
          String tag = text.substring(i, tagEnd + 1);
          int end = text.indexOf(tag, tagEnd + 1);
          if (end < 0) {
            return "has a dollar-quoted string that does not end (" + tag + " is missing)";
          }
          i = end + tag.length();
          continue;
        }
      }
      if ((c == '-' && i + 1 < n && text.charAt(i + 1) == '-')
          || (c == '/' && i + 1 < n && text.charAt(i + 1) == '*')) {
        return "holds a comment, which could hide the rest of the statement it goes into";
      }
      if (c == ';') {
        return "holds a ';': a fragment is one expression, not statements";
      }
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        if (depth == 0) {
          return "closes a parenthesis it did not open";
        }
        depth--;
      } else if (c == ',' && depth == 0) {
        return "holds a ',' outside parentheses, which would add a clause to the statement";
      } else if (isDefault && depth == 0 && Character.isLetter(c)) {
        int end = i;
        while (end < n
            && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
          end++;
        }
        String word = text.substring(i, end).toLowerCase(Locale.ROOT);
        if (CONSTRAINT_WORDS.contains(word)
            || (word.equals("not") && nextWordIs(text, end, "null"))) {
          return "adds a column constraint ("
              + text.substring(i, end)
              + ") after the default value: give the value alone";
        }
        i = end;
        continue;
      }
      i++;
    }
    if (depth != 0) {
      return "leaves " + depth + " parenthesis(es) open";
    }
    return null;
  }

  /** The index of the quote that closes one opened before {@code from}; -1 when none does. */
  private static int closeQuote(String text, int from, char quote, boolean backslashEscapes) {
    int i = from;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (backslashEscapes && c == '\\') {
        i += 2;
        continue;
      }
      if (c == quote) {
        if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return i;
      }
      i++;
    }
    return -1;
  }

  private static boolean nextWordIs(String text, int from, String word) {
    int i = from;
    while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    return text.regionMatches(true, i, word, 0, word.length())
        && (i + word.length() == text.length()
            || !Character.isLetterOrDigit(text.charAt(i + word.length())));
  }
}
