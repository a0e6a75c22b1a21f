package io.tributary.common.naming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Security review (low): a string constant reads back as the value given whether PostgreSQL's
 * {@code standard_conforming_strings} is on or off. The constants are read here the way
 * PostgreSQL's lexer does (a plain constant with the setting off, like an {@code E''} one, takes a
 * backslash as an escape); a value that ended the constant early would read back shorter, with SQL
 * after it.
 */
class IdentifiersTest {
  private static final List<String> HOSTILE =
      List.of(
          "plain",
          "it's",
          "\\",
          "\\'; DROP TABLE t; --",
          "a\\\\'b",
          "ends with \\",
          "\\x41\\n\\t\\u0041",
          "''\\''");

  @Test
  void aLiteralReadsBackAsItsValueWhateverStandardConformingStringsSays() {
    for (String value : HOSTILE) {
      String literal = Identifiers.literal(value);
      assertThat(read(literal, true)).as(literal + " (on)").isEqualTo(value);
      assertThat(read(literal, false)).as(literal + " (off)").isEqualTo(value);
    }
    assertThat(Identifiers.literal("it's")).isEqualTo("'it''s'");
    assertThat(Identifiers.literal("a\\b")).isEqualTo("E'a\\\\b'");
  }

  @Test
  void theOldFormEndedEarlyWithTheSettingOff() {
    String old = "'" + "\\'; DROP TABLE t; --".replace("'", "''") + "'";
    assertThat(read(old, false)).isNotEqualTo("\\'; DROP TABLE t; --");
  }

  @Test
  void sqliteLiteralsDoubleQuotesOnlyAndNulIsRefused() {
    assertThat(Identifiers.sqliteLiteral("a\\'b")).isEqualTo("'a\\''b'");
    assertThatThrownBy(() -> Identifiers.literal("a\0b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Identifiers.sqliteLiteral("a\0b"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * Reads one string constant as PostgreSQL's lexer does; returns what it holds, or the text read
   * up to where the constant ended followed by {@code |rest} when SQL follows it.
   */
  private static String read(String sql, boolean standardConformingStrings) {
    boolean escape = sql.startsWith("E'");
    int i = escape ? 2 : 1;
    boolean backslashes = escape || !standardConformingStrings;
    StringBuilder out = new StringBuilder();
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (c == '\'') {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == '\'') {
          out.append('\'');
          i += 2;
          continue;
        }
        return i == sql.length() - 1 ? out.toString() : out + "|" + sql.substring(i + 1);
      }
      if (c == '\\' && backslashes && i + 1 < sql.length()) {
        char next = sql.charAt(i + 1);
        out.append(
            switch (next) {
              case 'n' -> '\n';
              case 't' -> '\t';
              case 'b' -> '\b';
              case 'f' -> '\f';
              case 'r' -> '\r';
              default -> next;
            });
        i += 2;
        continue;
      }
      out.append(c);
      i++;
    }
    return out + "|unterminated";
  }
}
