package io.tributary.source.chroma.store;

import java.nio.ByteBuffer;

/**
 * Chroma's sequence numbers as its tables hold them: Chroma 0.5/0.6 wrote them as 8-byte big-endian
 * BLOBs (24 bytes for the legacy wide form), Chroma 1.x as INTEGERs; a store opened by both holds
 * both.
 */
public final class SeqIds {
  private SeqIds() {}

  /**
   * A sequence number as JDBC returns it ({@code Long}, {@code Integer} or {@code byte[]}).
   *
   * @throws IllegalArgumentException for anything else
   */
  public static long decode(Object value) {
    if (value instanceof Number n) {
      return n.longValue();
    }
    if (value instanceof byte[] bytes) {
      if (bytes.length == 8) {
        return ByteBuffer.wrap(bytes).getLong();
      }
      if (bytes.length == 24) {
        // the legacy wide form: 192-bit big-endian; real ids fit the low 8 bytes
        return ByteBuffer.wrap(bytes, 16, 8).getLong();
      }
      throw new IllegalArgumentException(
          "a Chroma sequence number of " + bytes.length + " bytes (expected 8 or 24)");
    }
    throw new IllegalArgumentException(
        "a Chroma sequence number that is "
            + (value == null ? "null" : value.getClass().getSimpleName()));
  }
}
