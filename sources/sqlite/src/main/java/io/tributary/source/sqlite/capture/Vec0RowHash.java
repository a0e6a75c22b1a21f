package io.tributary.source.sqlite.capture;

import io.tributary.source.sqlite.vtab.Vec0Table;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * The 64-bit hash of the values sqlite-vec keeps of a {@code vec0} row in its chunks' slots — every
 * vector's slot, then every metadata column's slot, in declaration order — the values an {@code
 * UPDATE} changes in place, with blob I/O no trigger sees. Capture computes it from the values it
 * emits ({@link #vector(byte[], int, int)} with the vector's bytes, {@link #metadata} with the
 * slot's bytes read in the same read transaction) and from a chunk's blobs ({@link
 * Vec0Chunk#rowHash}): the same bytes fed in the same order, so a row that did not change hashes
 * the same both ways.
 *
 * <p>The hash is CRC-32C and CRC-32 (two polynomials, each computed by the CPU's own instructions)
 * side by side: a change is missed only when both collide. It tells a changed value from the one
 * before; it is not meant against an adversary.
 */
public final class Vec0RowHash {
  /** Bytes of an integer or float metadata slot. */
  public static final int NUMBER_SLOT = 8;

  /** Bytes of a text metadata slot: its length, then up to 12 bytes of its UTF-8. */
  public static final int TEXT_SLOT = 16;

  private final CRC32C first = new CRC32C();
  private final CRC32 second = new CRC32();

  /** Adds a vector's slot: {@code length} bytes of {@code bytes} from {@code offset}. */
  public Vec0RowHash vector(byte[] bytes, int offset, int length) {
    return update(bytes, offset, length);
  }

  /**
   * Adds a metadata column's slot {@code slot} of {@code data}: its bit (boolean: one byte, 0 or
   * 1), its 8 bytes (integer, float) or its 16 bytes (text).
   *
   * @param data a metadata chunk's {@code data}, or the part of it that holds the slot (then {@code
   *     slot} counts from that part's start: a boolean's byte holds slots 0 to 7)
   * @throws IllegalArgumentException when {@code data} does not hold the slot
   */
  public Vec0RowHash metadata(Vec0Table.Type type, byte[] data, int slot) {
    switch (type) {
      case BOOLEAN -> {
        requireHeld(data, slot / 8, 1, type, slot);
        int bit = (data[slot / 8] >> (slot % 8)) & 1;
        first.update(bit);
        second.update(bit);
        return this;
      }
      case INTEGER, FLOAT -> {
        requireHeld(data, slot * NUMBER_SLOT, NUMBER_SLOT, type, slot);
        return update(data, slot * NUMBER_SLOT, NUMBER_SLOT);
      }
      case TEXT -> {
        requireHeld(data, slot * TEXT_SLOT, TEXT_SLOT, type, slot);
        return update(data, slot * TEXT_SLOT, TEXT_SLOT);
      }
      default -> throw new IllegalArgumentException("no metadata column of type " + type);
    }
  }

  /** Adds bytes that are not a slot of a row (a chunk's other blobs, {@link Vec0Chunk#hash}). */
  Vec0RowHash update(byte[] bytes, int offset, int length) {
    first.update(bytes, offset, length);
    second.update(bytes, offset, length);
    return this;
  }

  /** The hash of what was added. */
  public long value() {
    return (first.getValue() << 32) | second.getValue();
  }

  private static void requireHeld(
      byte[] data, int offset, int length, Vec0Table.Type type, int slot) {
    if (data == null || offset < 0 || offset + length > data.length) {
      throw new IllegalArgumentException(
          "a "
              + type
              + " metadata slot "
              + slot
              + " needs bytes "
              + offset
              + " to "
              + (offset + length)
              + ", the chunk holds "
              + (data == null ? "none" : data.length));
    }
  }
}
