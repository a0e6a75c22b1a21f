package io.tributary.common.value;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A source's text value kept as its UTF-8 bytes, known to be well-formed UTF-8 without a NUL byte:
 * what a {@code text} column takes unchanged ({@link SourceCasts#takesTextUnchanged}), so its
 * binary {@code COPY} field is these very bytes. A reader that gets text as bytes (SQLite's own)
 * hands it on this way instead of decoding it into a String that the encoder would encode back to
 * the same bytes: well-formed UTF-8 decodes and encodes to itself. Text that is not well-formed, or
 * holds a NUL (which PostgreSQL's text cannot store), is never one: it takes the String path, whose
 * cast says what is wrong with it.
 *
 * <p>Only {@link RowDecoder#fromSource} and {@link io.tributary.common.copy.CopyBinaryEncoder} know
 * it; anything else wants the String ({@link #toString()}). The bytes are not copied: the reader
 * hands them over.
 */
public final class Utf8Text {
  /** Eight bytes of an array as one long (any byte order: each byte is tested alike). */
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final byte[] bytes;

  private Utf8Text(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * The text of {@code bytes}, or null when they are not well-formed UTF-8 (what Java's strict
   * decoder refuses: stray or missing continuation bytes, overlong forms, surrogates, code points
   * past U+10FFFF) or hold a NUL byte.
   */
  public static Utf8Text of(byte[] bytes) {
    return wellFormedWithoutNul(bytes) ? new Utf8Text(bytes) : null;
  }

  /** The UTF-8 bytes (not a copy). */
  public byte[] bytes() {
    return bytes;
  }

  /** The text as a String. */
  @Override
  public String toString() {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Utf8Text text && Arrays.equals(bytes, text.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /**
   * Whether {@code b} is well-formed UTF-8 (the Unicode standard's table 3-7, as Java's decoder
   * reads it) without a NUL byte. ASCII, the most of most text, is checked eight bytes at a time.
   */
  static boolean wellFormedWithoutNul(byte[] b) {
    int n = b.length;
    int i = 0;
    while (i < n) {
      if (i + 8 <= n) {
        long word = ascii(b, i);
        // no byte with its high bit set, and none zero: eight ASCII characters, none NUL
        if (((word | (word - 0x0101010101010101L)) & 0x8080808080808080L) == 0) {
          i += 8;
          continue;
        }
      }
      int c = b[i];
      if (c > 0) {
        i++;
        continue;
      }
      if (c == 0) {
        return false;
      }
      c &= 0xFF;
      if (c < 0xC2 || c > 0xF4) {
        return false; // a continuation byte, an overlong 2-byte lead, or past U+10FFFF
      }
      int length = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
      if (i + length > n) {
        return false;
      }
      // the second byte's range: narrower after E0 and F0 (not overlong), ED (not a surrogate)
      // and F4 (not past U+10FFFF)
      int second = b[i + 1] & 0xFF;
      int low = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
      int high = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
      if (second < low || second > high) {
        return false;
      }
      for (int k = 2; k < length; k++) {
        if (!continuation(b[i + k])) {
          return false;
        }
      }
      i += length;
    }
    return true;
  }

  private static boolean continuation(byte b) {
    return (b & 0xC0) == 0x80;
  }

  /** Eight bytes from {@code at}. */
  private static long ascii(byte[] b, int at) {
    return (long) LONGS.get(b, at);
  }
}
