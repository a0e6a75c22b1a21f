package io.tributary.source.sqlite.vtab;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SQLite virtual table as its {@code CREATE VIRTUAL TABLE name USING module(arguments)} statement
 * declares it: the module's name and the arguments, split where SQLite splits them (at commas
 * outside parentheses and quotes), each trimmed. Reading the statement needs no module: the
 * extension that implements it does not have to be on this machine.
 *
 * @param name the table's name
 * @param module the module, in lower case ({@code vec0}, {@code fts5}, {@code rtree})
 * @param arguments the module arguments, in order
 */
public record VirtualTableDeclaration(String name, String module, List<String> arguments) {
  private static final Pattern USING =
      Pattern.compile("(?is)^\\s*CREATE\\s+VIRTUAL\\s+TABLE\\s.*?\\sUSING\\s+([^\\s(]+)\\s*(.*)$");

  public VirtualTableDeclaration {
    arguments = List.copyOf(arguments);
  }

  /**
   * Reads a declaration.
   *
   * @param name the table's name (from {@code sqlite_schema.name})
   * @param sql its {@code sqlite_schema.sql}
   * @throws IllegalArgumentException when the statement is not a virtual table's
   */
  public static VirtualTableDeclaration parse(String name, String sql) {
    Matcher m = USING.matcher(sql == null ? "" : sql);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + name + "' is not declared by CREATE VIRTUAL TABLE ... USING module(...)");
    }
    String module = unquote(m.group(1)).toLowerCase(Locale.ROOT);
    String rest = m.group(2).strip();
    if (rest.endsWith(";")) {
      rest = rest.substring(0, rest.length() - 1).strip();
    }
    List<String> arguments = new ArrayList<>();
    if (rest.startsWith("(") && rest.endsWith(")")) {
      arguments = split(rest.substring(1, rest.length() - 1));
    }
    return new VirtualTableDeclaration(name, module, arguments);
  }

  /** Splits at top-level commas, outside parentheses and quotes; each part trimmed. */
  static List<String> split(String text) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int depth = 0;
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        current.append(c);
        if (c == quote) {
          quote = 0;
        }
        continue;
      }
      switch (c) {
        case '\'', '"', '`' -> quote = c;
        case '[' -> quote = ']';
        case '(' -> depth++;
        case ')' -> depth--;
        default -> {}
      }
      if (c == ',' && depth == 0) {
        out.add(current.toString().strip());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    if (!current.toString().isBlank() || !out.isEmpty()) {
      out.add(current.toString().strip());
    }
    return out;
  }

  /** A name without its SQL quotes ({@code "x"}, {@code 'x'}, {@code [x]}, {@code `x`}). */
  static String unquote(String token) {
    String t = token.strip();
    if (t.length() >= 2) {
      char first = t.charAt(0);
      char last = t.charAt(t.length() - 1);
      if ((first == '"' && last == '"')
          || (first == '\'' && last == '\'')
          || (first == '`' && last == '`')) {
        return t.substring(1, t.length() - 1).replace("" + first + first, "" + first);
      }
      if (first == '[' && last == ']') {
        return t.substring(1, t.length() - 1);
      }
    }
    return t;
  }
}
