package io.tributary.common.value;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * SHA-256 of rows' {@link RowCanonicalizer canonical form}, the same bytes as {@code
 * sha256(canonical(values).getBytes(UTF_8))} without making a string and a byte array per row: the
 * text is built in a reused builder and encoded into a reused buffer (a lone surrogate as {@code
 * '?'}, as {@link String#getBytes} does). For checksums over millions of rows. Not thread-safe.
 */
public final class RowHasher {
  private final MessageDigest sha;
  private final StringBuilder text = new StringBuilder(1024);
  private byte[] bytes = new byte[4096];

  public RowHasher() {
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** The row's first two 64-bit lanes of its hash (as {@code ByteBuffer.getLong()} reads them). */
  public void lanes(List<Object> values, long[] lanes) {
    text.setLength(0);
    RowCanonicalizer.append(text, values);
    int n = encode(text);
    sha.update(bytes, 0, n);
    byte[] hash = sha.digest();
    lanes[0] = bigEndianLong(hash, 0);
    lanes[1] = bigEndianLong(hash, 8);
  }

  private static long bigEndianLong(byte[] b, int from) {
    long v = 0;
    for (int i = from; i < from + 8; i++) {
      v = (v << 8) | (b[i] & 0xff);
    }
    return v;
  }

  /** UTF-8 of the text into {@link #bytes}; returns the length. */
  private int encode(CharSequence s) {
    int length = s.length();
    if (bytes.length < length * 3) {
      bytes = new byte[Math.max(length * 3, bytes.length * 2)];
    }
    byte[] out = bytes;
    int n = 0;
    for (int i = 0; i < length; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        out[n++] = (byte) c;
      } else if (c < 0x800) {
        out[n++] = (byte) (0xc0 | (c >> 6));
        out[n++] = (byte) (0x80 | (c & 0x3f));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < length
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        out[n++] = (byte) (0xf0 | (cp >> 18));
        out[n++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
        out[n++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
        out[n++] = (byte) (0x80 | (cp & 0x3f));
      } else if (Character.isSurrogate(c)) {
        out[n++] = '?'; // a lone surrogate, as String.getBytes(UTF_8) writes it
      } else {
        out[n++] = (byte) (0xe0 | (c >> 12));
        out[n++] = (byte) (0x80 | ((c >> 6) & 0x3f));
        out[n++] = (byte) (0x80 | (c & 0x3f));
      }
    }
    return n;
  }
}
