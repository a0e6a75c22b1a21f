package io.tributary.cdc.apply;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The text of a rejected row as {@code tributary.rejects} keeps it: whole up to {@value
 * #MAX_ROW_CHARS} characters; a longer row keeps its first ones, marked truncated, with the whole
 * row's length and SHA-256 (of its UTF-8 bytes, hex), so that a source cannot fill the control
 * database through rows apply refuses and the reject still says which row it was. The reason is
 * kept up to {@value #MAX_REASON_CHARS} characters (it may quote a value).
 *
 * @param text what is stored (null when the record had none)
 * @param truncated whether {@code text} is the row's beginning only
 * @param length the whole row's length in characters, null when it had none
 * @param sha256 the whole row's SHA-256, when truncated
 */
record RejectedRow(String text, boolean truncated, Long length, String sha256) {
  /** The most characters of a rejected row kept (64 Ki). */
  static final int MAX_ROW_CHARS = 64 * 1024;

  /** The most characters of a reject's reason kept. */
  static final int MAX_REASON_CHARS = 8 * 1024;

  /** {@code row} as stored, capped at {@code max} characters. */
  static RejectedRow of(String row, int max) {
    if (row == null) {
      return new RejectedRow(null, false, null, null);
    }
    if (row.length() <= max) {
      return new RejectedRow(row, false, (long) row.length(), null);
    }
    int end = max;
    if (Character.isHighSurrogate(row.charAt(end - 1))) {
      end--; // never half a character
    }
    return new RejectedRow(row.substring(0, end), true, (long) row.length(), sha256(row));
  }

  /** A reason as stored: whole up to {@value #MAX_REASON_CHARS} characters, else cut and said. */
  static String reason(String reason) {
    if (reason == null || reason.length() <= MAX_REASON_CHARS) {
      return reason;
    }
    return reason.substring(0, MAX_REASON_CHARS)
        + "… (reason cut at "
        + MAX_REASON_CHARS
        + " of its "
        + reason.length()
        + " characters)";
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
