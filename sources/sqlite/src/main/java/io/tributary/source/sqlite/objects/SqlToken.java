package io.tributary.source.sqlite.objects;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One token of a SQLite statement, as {@link #lex} splits the text of a view or trigger: a word (a
 * keyword or a bare name), a quoted name (double quotes, backticks or brackets, unquoted here), a
 * string, a number, a blob literal, a parameter, or punctuation and operators. Comments are
 * dropped.
 *
 * @param type what it is
 * @param text its text: a name unquoted, a string without its quotes, anything else as written
 */
record SqlToken(Type type, String text) {
  /** Kinds of tokens. */
  enum Type {
    WORD,
    QUOTED,
    STRING,
    NUMBER,
    BLOB,
    PARAMETER,
    SYMBOL
  }

  /** Whether this is the word or symbol {@code s} (words compared case-insensitively). */
  boolean is(String s) {
    return (type == Type.WORD || type == Type.SYMBOL) && text.equalsIgnoreCase(s);
  }

  /** Whether this is a name: a bare word or a quoted name. */
  boolean isName() {
    return type == Type.WORD || type == Type.QUOTED;
  }

  /** The text in upper case (for keywords). */
  String upper() {
    return text.toUpperCase(Locale.ROOT);
  }

  private static final List<String> SYMBOLS =
      List.of("||", "==", "!=", "<>", "<=", ">=", "<<", ">>", "->>", "->");

  /**
   * The tokens of {@code sql}.
   *
   * @throws Untranslatable for text SQLite would not read (an unterminated string or name)
   */
  static List<SqlToken> lex(String sql) {
    List<SqlToken> out = new ArrayList<>();
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int end = sql.indexOf('\n', i);
        i = end < 0 ? n : end + 1;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else if (c == '\'') {
        int end = closing(sql, i, '\'');
        out.add(new SqlToken(Type.STRING, sql.substring(i + 1, end).replace("''", "'")));
        i = end + 1;
      } else if ((c == 'x' || c == 'X') && i + 1 < n && sql.charAt(i + 1) == '\'') {
        int end = closing(sql, i + 1, '\'');
        out.add(new SqlToken(Type.BLOB, sql.substring(i + 2, end)));
        i = end + 1;
      } else if (c == '"' || c == '`') {
        int end = closing(sql, i, c);
        String q = String.valueOf(c);
        out.add(new SqlToken(Type.QUOTED, sql.substring(i + 1, end).replace(q + q, q)));
        i = end + 1;
      } else if (c == '[') {
        int end = sql.indexOf(']', i);
        if (end < 0) {
          throw new Untranslatable("an unterminated [name]");
        }
        out.add(new SqlToken(Type.QUOTED, sql.substring(i + 1, end)));
        i = end + 1;
      } else if (Character.isDigit(c) || c == '.' && i + 1 < n && isDigit(sql.charAt(i + 1))) {
        int j = i;
        while (j < n
            && (Character.isLetterOrDigit(sql.charAt(j))
                || sql.charAt(j) == '.'
                || (sql.charAt(j) == '+' || sql.charAt(j) == '-')
                    && (sql.charAt(j - 1) == 'e' || sql.charAt(j - 1) == 'E')
                    && !sql.substring(i, j).toLowerCase(Locale.ROOT).startsWith("0x"))) {
          j++;
        }
        out.add(new SqlToken(Type.NUMBER, sql.substring(i, j)));
        i = j;
      } else if (Character.isLetter(c) || c == '_' || c > 127) {
        int j = i;
        while (j < n
            && (Character.isLetterOrDigit(sql.charAt(j))
                || sql.charAt(j) == '_'
                || sql.charAt(j) == '$'
                || sql.charAt(j) > 127)) {
          j++;
        }
        out.add(new SqlToken(Type.WORD, sql.substring(i, j)));
        i = j;
      } else if (c == '?' || c == ':' || c == '@' || c == '$') {
        int j = i + 1;
        while (j < n && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
          j++;
        }
        out.add(new SqlToken(Type.PARAMETER, sql.substring(i, j)));
        i = j;
      } else {
        String symbol = String.valueOf(c);
        for (String s : SYMBOLS) {
          if (sql.startsWith(s, i) && s.length() > symbol.length()) {
            symbol = s;
          }
        }
        out.add(new SqlToken(Type.SYMBOL, symbol));
        i += symbol.length();
      }
    }
    return out;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** The index of the quote that closes the one at {@code from} (a doubled quote is kept). */
  private static int closing(String sql, int from, char quote) {
    int i = from + 1;
    while (true) {
      int end = sql.indexOf(quote, i);
      if (end < 0) {
        throw new Untranslatable("an unterminated " + quote + "quoted" + quote + " text");
      }
      if (end + 1 < sql.length() && sql.charAt(end + 1) == quote) {
        i = end + 2;
      } else {
        return end;
      }
    }
  }
}
