package io.tributary.common.value;

/** Shortens values quoted in messages. */
final class Abbreviation {
  private Abbreviation() {}

  /** The text itself up to 60 characters, else its first 57 and {@code ...}. */
  static String of(String text) {
    return text.length() <= 60 ? text : text.substring(0, 57) + "...";
  }
}
