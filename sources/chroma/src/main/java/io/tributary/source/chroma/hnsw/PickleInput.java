package io.tributary.source.chroma.hnsw;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The bytes of a pickle and the position read to: the opcodes' arguments (little-endian integers,
 * lengths, UTF-8 strings, newline-ended names), refusing what runs past the end.
 */
final class PickleInput {
  private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private final byte[] data;
  private final PickleErrors errors;
  private int pos;

  PickleInput(byte[] data, PickleErrors errors) {
    this.data = data;
    this.errors = errors;
  }

  /** The offset of the next byte. */
  int position() {
    return pos;
  }

  /** The bytes left to read. */
  int remaining() {
    return data.length - pos;
  }

  int u8() throws HnswFormatException {
    need(1);
    return data[pos++] & 0xff;
  }

  int i32() throws HnswFormatException {
    need(4);
    int v =
        (data[pos] & 0xff)
            | (data[pos + 1] & 0xff) << 8
            | (data[pos + 2] & 0xff) << 16
            | (data[pos + 3] & 0xff) << 24;
    pos += 4;
    return v;
  }

  long u32() throws HnswFormatException {
    return i32() & 0xffffffffL;
  }

  long u64() throws HnswFormatException {
    need(8);
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = (v << 8) | (data[pos + i] & 0xff);
    }
    pos += 8;
    return v;
  }

  byte[] bytes(long n) throws HnswFormatException {
    if (n > data.length - pos) {
      throw truncated(n);
    }
    byte[] out = Arrays.copyOfRange(data, pos, pos + (int) n);
    pos += (int) n;
    return out;
  }

  /** A name up to the next newline (GLOBAL's arguments). */
  String line() throws HnswFormatException {
    int start = pos;
    while (pos < data.length && data[pos] != '\n') {
      pos++;
    }
    if (pos >= data.length) {
      throw errors.opError("truncated: no newline after the name starting at byte " + start);
    }
    String text = new String(data, start, pos - start, StandardCharsets.US_ASCII);
    pos++;
    return text;
  }

  String utf8(byte[] bytes) throws HnswFormatException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw errors.opError("the string is not valid UTF-8");
    }
  }

  /** A little-endian two's complement integer of any length, as Long when it fits. */
  static Object longOf(byte[] littleEndian) {
    if (littleEndian.length == 0) {
      return 0L;
    }
    byte[] bigEndian = new byte[littleEndian.length];
    for (int i = 0; i < littleEndian.length; i++) {
      bigEndian[i] = littleEndian[littleEndian.length - 1 - i];
    }
    BigInteger value = new BigInteger(bigEndian);
    if (value.compareTo(LONG_MIN) >= 0 && value.compareTo(LONG_MAX) <= 0) {
      return value.longValue();
    }
    return value;
  }

  HnswFormatException truncated(long needed) {
    return errors.opError(
        "truncated: " + needed + " more bytes needed, " + (data.length - pos) + " remain");
  }

  private void need(int n) throws HnswFormatException {
    if (n > data.length - pos) {
      throw truncated(n);
    }
  }
}
