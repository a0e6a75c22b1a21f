package io.tributary.common.naming;

import java.nio.charset.StandardCharsets;

/**
 * Quotes identifiers for PostgreSQL and SQLite. Every name that comes from a source database goes
 * through here; SQL is never built from raw names.
 */
public final class Identifiers {
  /** PostgreSQL truncates longer identifiers (NAMEDATALEN - 1 bytes). */
  public static final int POSTGRES_MAX_BYTES = 63;

  private Identifiers() {}

  /**
   * Quotes an identifier with double quotes, doubling embedded quotes. Works for PostgreSQL and
   * SQLite alike.
   *
   * @throws IllegalArgumentException for null, empty names or names containing NUL
   */
  public static String quote(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("identifier must not be empty");
    }
    if (name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          "identifier contains a NUL character: " + name.replace("\0", "\\0"));
    }
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  /** {@code "schema"."name"} */
  public static String qualified(String schema, String name) {
    return quote(schema) + "." + quote(name);
  }

  /** True when PostgreSQL would keep the whole name (at most 63 bytes in UTF-8). */
  public static boolean fitsPostgres(String name) {
    return name.getBytes(StandardCharsets.UTF_8).length <= POSTGRES_MAX_BYTES;
  }

  /**
   * A PostgreSQL string constant, read the same whatever {@code standard_conforming_strings} says:
   * {@code 'text'} with single quotes doubled, or, when the value holds a backslash, the escape
   * form {@code E'text'} with backslashes doubled too (in a plain constant, with the setting off, a
   * backslash would escape the quote after it and end the constant elsewhere). For SQLite, which
   * has no escape form, use {@link #sqliteLiteral}.
   *
   * @throws IllegalArgumentException for a value containing NUL
   */
  public static String literal(String value) {
    if (value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("string literal contains a NUL character");
    }
    if (value.indexOf('\\') >= 0) {
      return "E'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }
    return "'" + value.replace("'", "''") + "'";
  }

  /**
   * A SQLite string literal: single quotes doubled (SQLite gives a backslash no meaning and knows
   * no {@code E''} form).
   *
   * @throws IllegalArgumentException for a value containing NUL
   */
  public static String sqliteLiteral(String value) {
    if (value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("string literal contains a NUL character");
    }
    return "'" + value.replace("'", "''") + "'";
  }
}
