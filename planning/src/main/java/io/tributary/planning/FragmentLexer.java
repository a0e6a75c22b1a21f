package io.tributary.planning;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a plan's SQL fragment into PostgreSQL's tokens: names, quoted names, string literals (of
 * every form: {@code '…'}, {@code E'…'}, {@code B'…'}, {@code X'…'}, {@code U&'…'}, {@code
 * $tag$…$tag$}), numbers, operators and punctuation. A fragment whose text PostgreSQL would read
 * otherwise than as tokens of one expression — a string or a quoted name that does not end, a
 * comment, a NUL, a positional parameter — is refused here with what is wrong.
 */
final class FragmentLexer {
  /** What a token is. */
  enum Kind {
    /** A name or key word as written, unquoted. */
    WORD,
    /** A {@code "quoted"} name (its text without the quotes, doubled quotes made single). */
    QUOTED_NAME,
    /** A string literal of any form. */
    STRING,
    /** A number. */
    NUMBER,
    /**
     * A run of operator characters ({@code +}, {@code ||}, {@code <->}), or {@code ::}, or {@code
     * :}.
     */
    OPERATOR,
    /** One of {@code ( ) [ ] , ; .}. */
    PUNCT
  }

  /**
   * One token.
   *
   * @param kind what it is
   * @param text the name (of a quoted name, as PostgreSQL reads it), the operator or the
   *     punctuation; the literal as written for strings and numbers
   */
  record Token(Kind kind, String text) {
    /** The key word or unquoted name as PostgreSQL folds it; null for other tokens. */
    String word() {
      return kind == Kind.WORD ? text.toLowerCase(Locale.ROOT) : null;
    }

    boolean is(String punctuationOrOperator) {
      return (kind == Kind.PUNCT || kind == Kind.OPERATOR) && text.equals(punctuationOrOperator);
    }

    boolean isWord(String lowerCase) {
      return kind == Kind.WORD && text.equalsIgnoreCase(lowerCase);
    }

    /** A name, quoted or not. */
    boolean isName() {
      return kind == Kind.WORD || kind == Kind.QUOTED_NAME;
    }
  }

  /** Why a fragment cannot be split into tokens; its message completes "the expression …". */
  static final class Problem extends Exception {
    Problem(String message) {
      super(message, null, false, false);
    }
  }

  private static final String OPERATOR_CHARS = "+-*/<>=~!@#%^&|`?";

  private final String text;
  private final List<Token> tokens = new ArrayList<>();
  private int i;

  private FragmentLexer(String text) {
    this.text = text;
  }

  /** The tokens of {@code text}, in order. */
  static List<Token> tokens(String text) throws Problem {
    FragmentLexer lexer = new FragmentLexer(text);
    lexer.run();
    return lexer.tokens;
  }

  private void run() throws Problem {
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (c == '\0') {
        throw new Problem("holds a NUL character");
      }
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '-' && next(1) == '-' || c == '/' && next(1) == '*') {
        throw new Problem(
            "holds a comment, which could hide the rest of the statement it goes into");
      } else if (c == '\'') {
        string(i, false);
      } else if (c == '"') {
        quotedName(i + 1);
      } else if (c == '$' && Character.isDigit(next(1))) {
        throw new Problem("holds a parameter (" + text.substring(i, digitsEnd(i + 1)) + ")");
      } else if (c == '$') {
        dollarString();
      } else if (Character.isDigit(c) || c == '.' && Character.isDigit(next(1))) {
        number();
      } else if (Character.isLetter(c) || c == '_') {
        word();
      } else if (c == ':') {
        String colons = next(1) == ':' ? "::" : ":";
        tokens.add(new Token(Kind.OPERATOR, colons));
        i += colons.length();
      } else if ("()[],;.".indexOf(c) >= 0) {
        tokens.add(new Token(Kind.PUNCT, String.valueOf(c)));
        i++;
      } else if (OPERATOR_CHARS.indexOf(c) >= 0) {
        int start = i;
        while (i < n
            && OPERATOR_CHARS.indexOf(text.charAt(i)) >= 0
            && !(text.charAt(i) == '-' && next(1) == '-')
            && !(text.charAt(i) == '/' && next(1) == '*')) {
          i++;
        }
        tokens.add(new Token(Kind.OPERATOR, text.substring(start, i)));
      } else {
        throw new Problem("holds a character PostgreSQL does not read here ('" + c + "')");
      }
    }
  }

  private char next(int ahead) {
    return i + ahead < text.length() ? text.charAt(i + ahead) : '\0';
  }

  private int digitsEnd(int from) {
    int end = from;
    while (end < text.length() && Character.isDigit(text.charAt(end))) {
      end++;
    }
    return end;
  }

  /**
   * A name or key word; {@code E'}, {@code B'}, {@code X'}, {@code N'}, {@code U&'} start strings.
   */
  private void word() throws Problem {
    int start = i;
    while (i < text.length()
        && (Character.isLetterOrDigit(text.charAt(i))
            || text.charAt(i) == '_'
            || text.charAt(i) == '$')) {
      i++;
    }
    String word = text.substring(start, i);
    if (i < text.length() && text.charAt(i) == '\'' && word.length() == 1) {
      char prefix = Character.toUpperCase(word.charAt(0));
      if ("EBXN".indexOf(prefix) >= 0) {
        string(start, prefix == 'E');
        return;
      }
    }
    if (word.equalsIgnoreCase("U") && next(0) == '&' && (next(1) == '\'' || next(1) == '"')) {
      i++;
      if (text.charAt(i) == '\'') {
        string(start, false);
      } else {
        quotedName(i + 1);
      }
      return;
    }
    tokens.add(new Token(Kind.WORD, word));
  }

  /** A string from {@code start} (its prefix, if any) whose quote is at {@code i}. */
  private void string(int start, boolean backslashEscapes) throws Problem {
    int end = close(i + 1, '\'', backslashEscapes);
    if (end < 0) {
      throw new Problem("has a string that does not end (a ' is missing)");
    }
    i = end + 1;
    tokens.add(new Token(Kind.STRING, text.substring(start, i)));
  }

  private void quotedName(int from) throws Problem {
    int end = close(from, '"', false);
    if (end < 0) {
      throw new Problem("has a quoted name that does not end (a \" is missing)");
    }
    tokens.add(new Token(Kind.QUOTED_NAME, text.substring(from, end).replace("\"\"", "\"")));
    i = end + 1;
  }

  private void dollarString() throws Problem {
    int tagEnd = text.indexOf('$', i + 1);
    if (tagEnd < 0 || !text.substring(i + 1, tagEnd).matches("[A-Za-z_][A-Za-z0-9_]*|")) {
      throw new Problem("holds a '$' that starts neither a dollar-quoted string nor a parameter");
    }
    String tag = text.substring(i, tagEnd + 1);
    int end = text.indexOf(tag, tagEnd + 1);
    if (end < 0) {
      throw new Problem("has a dollar-quoted string that does not end (" + tag + " is missing)");
    }
    int start = i;
    i = end + tag.length();
    tokens.add(new Token(Kind.STRING, text.substring(start, i)));
  }

  private void number() {
    int start = i;
    while (i < text.length()
        && (Character.isLetterOrDigit(text.charAt(i))
            || text.charAt(i) == '.'
            || text.charAt(i) == '_'
            || (text.charAt(i) == '+' || text.charAt(i) == '-')
                && Character.toLowerCase(text.charAt(i - 1)) == 'e'
                && !text.substring(start, i).startsWith("0x"))) {
      i++;
    }
    tokens.add(new Token(Kind.NUMBER, text.substring(start, i)));
  }

  /** The index of the quote that closes one opened before {@code from}; -1 when none does. */
  private int close(int from, char quote, boolean backslashEscapes) {
    int at = from;
    while (at < text.length()) {
      char c = text.charAt(at);
      if (backslashEscapes && c == '\\') {
        at += 2;
        continue;
      }
      if (c == quote) {
        if (at + 1 < text.length() && text.charAt(at + 1) == quote) {
          at += 2;
          continue;
        }
        return at;
      }
      at++;
    }
    return -1;
  }
}
