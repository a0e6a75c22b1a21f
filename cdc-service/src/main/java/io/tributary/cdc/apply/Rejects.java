package io.tributary.cdc.apply;

/** Helpers for storing rejected rows as text exactly as received. */
final class Rejects {
  private Rejects() {}

  /**
   * PostgreSQL text cannot hold NUL; a NUL becomes the visible escape {@code \u0000} so the reject
   * itself can always be stored.
   */
  static String sanitize(String text) {
    return text == null ? null : text.replace("\0", "\\u0000");
  }
}
