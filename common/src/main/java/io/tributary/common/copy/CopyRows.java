package io.tributary.common.copy;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The row boundaries of a binary {@code COPY} stream, found without decoding a value: where its
 * header ends, where each row and each of a row's fields lies, and the trailer. Static methods scan
 * a buffer that may hold only part of a stream (what a {@code COPY ... TO STDOUT} has sent so far);
 * an instance indexes a complete stream ({@link #index}) and cuts rows out of it: one row with more
 * fields appended ({@link #rowWith}), a sub-stream of some rows ({@link #subStream}).
 *
 * <p>Format: an 11-byte signature, 32-bit flags, a 32-bit header-extension length and that many
 * bytes; per row a 16-bit field count and each field as a 32-bit length (-1: NULL) and its bytes;
 * then the 16-bit trailer -1.
 */
public final class CopyRows {
  /** The signature every binary {@code COPY} stream starts with. */
  private static final byte[] SIGNATURE = {
    'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0
  };

  /** The bytes of a header without extension: signature, flags, extension length. */
  public static final int HEADER_BYTES = SIGNATURE.length + 8;

  /** What {@link #rowLength} returns for a row not complete in the buffer. */
  public static final int INCOMPLETE = -1;

  /** What {@link #rowLength} returns at the trailer: the stream ends there. */
  public static final int TRAILER = -2;

  private final byte[] stream;

  /** Where each row starts, then where the last one ends (the trailer). */
  private final int[] rowStarts;

  private CopyRows(byte[] stream, int[] rowStarts) {
    this.stream = stream;
    this.rowStarts = rowStarts;
  }

  /**
   * The length of the header at {@code offset} (with its extension), or {@link #INCOMPLETE} when
   * the buffer does not hold all of it yet.
   *
   * @throws IllegalArgumentException when the bytes there are not a binary {@code COPY} signature
   */
  public static int headerLength(byte[] buffer, int offset, int limit) {
    int available = limit - offset;
    for (int i = 0; i < Math.min(available, SIGNATURE.length); i++) {
      if (buffer[offset + i] != SIGNATURE[i]) {
        throw new IllegalArgumentException("not a binary COPY stream: its signature differs");
      }
    }
    if (available < HEADER_BYTES) {
      return INCOMPLETE;
    }
    int extension = ByteBuffer.wrap(buffer).getInt(offset + HEADER_BYTES - 4);
    if (extension < 0) {
      throw new IllegalArgumentException("a binary COPY header with a negative extension length");
    }
    return available < HEADER_BYTES + extension ? INCOMPLETE : HEADER_BYTES + extension;
  }

  /**
   * The length of the row at {@code offset} (its field count and fields), {@link #INCOMPLETE} when
   * the buffer does not hold all of it yet, {@link #TRAILER} when the stream ends there.
   *
   * @throws IllegalArgumentException for a negative field count other than the trailer's
   */
  public static int rowLength(byte[] buffer, int offset, int limit) {
    if (limit - offset < 2) {
      return INCOMPLETE;
    }
    int fields = shortAt(buffer, offset);
    if (fields == -1) {
      return TRAILER;
    }
    if (fields < 0) {
      throw new IllegalArgumentException("a binary COPY row of " + fields + " fields");
    }
    int at = offset + 2;
    for (int i = 0; i < fields; i++) {
      if (limit - at < 4) {
        return INCOMPLETE;
      }
      int length = intAt(buffer, at);
      at += 4 + Math.max(length, 0);
      if (at > limit || at < 0) {
        return INCOMPLETE;
      }
    }
    return at - offset;
  }

  /**
   * Finds the fields of the complete row at {@code offset}: the offset of each field's length word
   * goes into {@code fieldStarts}, and one more entry holds where the row ends.
   *
   * @param fieldStarts room for the row's field count + 1 entries
   * @return the row's field count
   * @throws IllegalArgumentException when {@code fieldStarts} has no room for the row's fields
   */
  public static int fields(byte[] buffer, int offset, int[] fieldStarts) {
    int fields = shortAt(buffer, offset);
    if (fields < 0 || fields + 1 > fieldStarts.length) {
      throw new IllegalArgumentException(
          "a binary COPY row of "
              + fields
              + " fields where at most "
              + (fieldStarts.length - 1)
              + " are expected");
    }
    int at = offset + 2;
    for (int i = 0; i < fields; i++) {
      fieldStarts[i] = at;
      at += 4 + Math.max(intAt(buffer, at), 0);
    }
    fieldStarts[fields] = at;
    return fields;
  }

  /**
   * Indexes a complete stream: header, rows, trailer, nothing after it.
   *
   * @throws IllegalArgumentException when the stream is cut short, malformed or followed by bytes
   */
  public static CopyRows index(byte[] stream) {
    int header = headerLength(stream, 0, stream.length);
    if (header == INCOMPLETE) {
      throw new IllegalArgumentException("a binary COPY stream cut short in its header");
    }
    int[] starts = new int[16];
    starts[0] = header;
    int count = 0;
    int at = header;
    while (true) {
      int length = rowLength(stream, at, stream.length);
      if (length == INCOMPLETE) {
        throw new IllegalArgumentException("a binary COPY stream cut short in row " + count);
      }
      if (length == TRAILER) {
        if (at + 2 != stream.length) {
          throw new IllegalArgumentException(
              "a binary COPY stream with " + (stream.length - at - 2) + " bytes after its trailer");
        }
        return new CopyRows(stream, Arrays.copyOf(starts, count + 1));
      }
      if (count + 2 > starts.length) {
        starts = Arrays.copyOf(starts, starts.length * 2);
      }
      at += length;
      starts[++count] = at;
    }
  }

  /** The number of rows. */
  public int count() {
    return rowStarts.length - 1;
  }

  /** Where row {@code row} starts (its field count). */
  public int rowOffset(int row) {
    return rowStarts[checked(row)];
  }

  /** The bytes of row {@code row}: its field count and fields. */
  public int rowLength(int row) {
    checked(row);
    return rowStarts[row + 1] - rowStarts[row];
  }

  /** The number of fields of row {@code row}. */
  public int fieldCount(int row) {
    return shortAt(stream, rowOffset(row));
  }

  /** The value of a field (a copy), null for NULL. */
  public byte[] field(int row, int field) {
    int[] starts = new int[fieldCount(row) + 1];
    fields(stream, rowOffset(row), starts);
    if (field < 0 || field >= starts.length - 1) {
      throw new IndexOutOfBoundsException("row " + row + " has no field " + field);
    }
    int length = intAt(stream, starts[field]);
    return length < 0
        ? null
        : Arrays.copyOfRange(stream, starts[field] + 4, starts[field] + 4 + length);
  }

  /**
   * Row {@code row} with {@code extraFields} more fields after its own: its field count raised by
   * {@code extraFields}, its fields, then {@code extra} (those fields already in their length-and-
   * bytes form).
   */
  public byte[] rowWith(int row, int extraFields, byte[] extra) {
    int offset = rowOffset(row);
    int length = rowLength(row);
    byte[] out = new byte[length + extra.length];
    System.arraycopy(stream, offset, out, 0, length);
    System.arraycopy(extra, 0, out, length, extra.length);
    int fields = shortAt(stream, offset) + extraFields;
    out[0] = (byte) (fields >> 8);
    out[1] = (byte) fields;
    return out;
  }

  /** A complete stream of rows {@code from} (inclusive) to {@code to} (exclusive): same header. */
  public byte[] subStream(int from, int to) {
    if (from < 0 || to > count() || from > to) {
      throw new IndexOutOfBoundsException(
          "rows " + from + " to " + to + " of a stream of " + count());
    }
    int header = rowStarts[0];
    int rows = rowStarts[to] - rowStarts[from];
    byte[] out = new byte[header + rows + 2];
    System.arraycopy(stream, 0, out, 0, header);
    System.arraycopy(stream, rowStarts[from], out, header, rows);
    out[out.length - 2] = (byte) 0xFF;
    out[out.length - 1] = (byte) 0xFF;
    return out;
  }

  private int checked(int row) {
    if (row < 0 || row >= count()) {
      throw new IndexOutOfBoundsException("row " + row + " of a stream of " + count());
    }
    return row;
  }

  /** The big-endian 16-bit signed value at {@code offset}. */
  static int shortAt(byte[] buffer, int offset) {
    return (short) (((buffer[offset] & 0xFF) << 8) | (buffer[offset + 1] & 0xFF));
  }

  /** The big-endian 32-bit signed value at {@code offset}. */
  public static int intAt(byte[] buffer, int offset) {
    return ((buffer[offset] & 0xFF) << 24)
        | ((buffer[offset + 1] & 0xFF) << 16)
        | ((buffer[offset + 2] & 0xFF) << 8)
        | (buffer[offset + 3] & 0xFF);
  }
}
