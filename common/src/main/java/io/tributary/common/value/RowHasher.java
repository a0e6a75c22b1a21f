package io.tributary.common.value;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * SHA-256 of rows' {@link RowCanonicalizer canonical form}: {@code
 * sha256(canonical(values).getBytes(UTF_8))}, the text built in a reused builder (a lone surrogate
 * encodes as {@code '?'}, as {@link String#getBytes} does). The JDK's encoder, not a loop over the
 * characters: for the ASCII text most rows hold it is a check and a copy, and the checksum of a
 * large table spent a fifth of its time encoding one character at a time. For checksums over
 * millions of rows. Not thread-safe.
 */
public final class RowHasher {
  private final MessageDigest sha;
  private final StringBuilder text = new StringBuilder(1024);

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
    byte[] hash = sha.digest(text.toString().getBytes(StandardCharsets.UTF_8));
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
}
