package io.tributary.common.value;

/** The bounds of a text without its leading and trailing white space, as {@link String#strip}. */
final class Whitespace {
  private Whitespace() {}

  /** The index of the first character that is not white space (the length when none). */
  static int start(String text) {
    int start = 0;
    while (start < text.length() && Character.isWhitespace(text.charAt(start))) {
      start++;
    }
    return start;
  }

  /** The index after the last character from {@code start} on that is not white space. */
  static int end(String text, int start) {
    int end = text.length();
    while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
      end--;
    }
    return end;
  }
}
