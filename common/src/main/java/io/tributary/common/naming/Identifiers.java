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

  /** A SQL string literal with single quotes doubled. */
  public static String literal(String value) {
    if (value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("string literal contains a NUL character");
    }
    return "'" + value.replace("'", "''") + "'";
  }
}
