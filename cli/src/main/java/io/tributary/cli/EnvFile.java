package io.tributary.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The variables of a file in shell syntax such as {@code deploy/local/.run/endpoints.env}, read
 * without running it: {@code NAME=value} and {@code export NAME=value} lines, values bare, in
 * single or in double quotes, {@code #} comments. A value that needs the shell ({@code $VAR},
 * {@code `cmd`}, {@code $(cmd)}) is not evaluated: it is listed in {@link #unevaluated()} instead.
 * The last assignment of a name wins, as in the shell.
 */
public final class EnvFile {
  private static final Pattern ASSIGNMENT =
      Pattern.compile("^(?:export\\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$");

  private final Map<String, String> values;
  private final Set<String> unevaluated;

  private EnvFile(Map<String, String> values, Set<String> unevaluated) {
    this.values = Collections.unmodifiableMap(values);
    this.unevaluated = Collections.unmodifiableSet(unevaluated);
  }

  /** Reads the lines of a file. */
  public static EnvFile parse(List<String> lines) {
    Map<String, String> values = new LinkedHashMap<>();
    Set<String> unevaluated = new LinkedHashSet<>();
    for (String raw : lines) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Matcher m = ASSIGNMENT.matcher(line);
      if (!m.matches()) {
        continue;
      }
      String name = m.group(1);
      String value = word(m.group(2));
      if (value == null) {
        values.remove(name);
        unevaluated.add(name);
      } else {
        values.put(name, value);
        unevaluated.remove(name);
      }
    }
    return new EnvFile(values, unevaluated);
  }

  /** The literal variables, by name. */
  public Map<String, String> values() {
    return values;
  }

  /** The names whose (last) value needs the shell to expand it, so none is known. */
  public Set<String> unevaluated() {
    return unevaluated;
  }

  /** The value of one shell word (up to unquoted white space), or null when it needs expanding. */
  static String word(String text) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        break; // the rest is a comment, or a command the assignment is for: not the value
      } else if (c == '\'') {
        int end = text.indexOf('\'', i + 1);
        if (end < 0) {
          return null; // unterminated: the shell would read on
        }
        out.append(text, i + 1, end);
        i = end + 1;
      } else if (c == '"') {
        i++;
        boolean closed = false;
        while (i < text.length()) {
          char d = text.charAt(i);
          if (d == '"') {
            closed = true;
            i++;
            break;
          }
          if (d == '$' || d == '`') {
            return null;
          }
          if (d == '\\' && i + 1 < text.length() && "$`\"\\".indexOf(text.charAt(i + 1)) >= 0) {
            out.append(text.charAt(i + 1));
            i += 2;
            continue;
          }
          out.append(d);
          i++;
        }
        if (!closed) {
          return null;
        }
      } else if (c == '$' || c == '`') {
        return null;
      } else if (c == '\\' && i + 1 < text.length()) {
        out.append(text.charAt(i + 1));
        i += 2;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }
}
