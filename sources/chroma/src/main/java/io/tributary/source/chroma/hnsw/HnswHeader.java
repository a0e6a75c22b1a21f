package io.tributary.source.chroma.hnsw;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The {@code header.bin} of a persisted hnswlib index (chroma-hnswlib "persistent" mode): 100
 * bytes, little-endian, rewritten in place on every flush. The layout is the same in every Chroma
 * release (hnswlib {@code PERSISTENCE_VERSION} 1); {@link #read} checks what a reader relies on:
 * the version, {@code size_data_per_element == label_offset + 8} and a whole number of float32
 * between the vector offset and the label offset.
 *
 * @param version PERSISTENCE_VERSION, always 1
 * @param offsetLevel0 offset of an element's level-0 link list header in its slot (0)
 * @param maxElements capacity of the index (slots the files may hold)
 * @param curElementCount slots in use, deleted ones included
 * @param sizeDataPerElement bytes per slot of {@code data_level0.bin}
 * @param labelOffset offset of the u64 label in a slot
 * @param offsetData offset of the float32 vector in a slot
 * @param maxLevel top level of the graph (-1 when empty)
 * @param enterpointNode internal id of the entry point (u32, 0xFFFFFFFF when empty)
 * @param maxM links per element above level 0
 * @param maxM0 links per element at level 0
 * @param m the M parameter
 * @param mult the level generation factor
 * @param efConstruction ef at construction
 */
public record HnswHeader(
    int version,
    long offsetLevel0,
    long maxElements,
    long curElementCount,
    long sizeDataPerElement,
    long labelOffset,
    long offsetData,
    int maxLevel,
    long enterpointNode,
    long maxM,
    long maxM0,
    long m,
    double mult,
    long efConstruction) {

  /** Bytes of {@code header.bin}. */
  public static final int SIZE = 100;

  /** The only persistence version hnswlib writes. */
  public static final int PERSISTENCE_VERSION = 1;

  /** Float32 components of each vector: {@code (label_offset - offsetData) / 4}. */
  public int dimension() {
    return (int) ((labelOffset - offsetData) / Float.BYTES);
  }

  /**
   * Reads and checks a {@code header.bin}.
   *
   * @throws HnswFormatException naming the file when it is missing, short, or inconsistent
   */
  public static HnswHeader read(Path file) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new HnswFormatException(file, "missing", e);
    }
    if (bytes.length < SIZE) {
      throw new HnswFormatException(
          file, bytes.length + " bytes, a header has " + SIZE + " (truncated or not written yet)");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    HnswHeader h =
        new HnswHeader(
            b.getInt(0),
            b.getLong(4),
            b.getLong(12),
            b.getLong(20),
            b.getLong(28),
            b.getLong(36),
            b.getLong(44),
            b.getInt(52),
            b.getInt(56) & 0xffffffffL,
            b.getLong(60),
            b.getLong(68),
            b.getLong(76),
            b.getDouble(84),
            b.getLong(92));
    h.check(file);
    return h;
  }

  private void check(Path file) throws HnswFormatException {
    if (version != PERSISTENCE_VERSION) {
      throw new HnswFormatException(
          file, "persistence version " + version + ", only " + PERSISTENCE_VERSION + " is known");
    }
    if (offsetLevel0 < 0
        || maxElements < 0
        || curElementCount < 0
        || offsetData < 0
        || labelOffset < 0
        || sizeDataPerElement <= 0
        || sizeDataPerElement > Integer.MAX_VALUE) {
      throw new HnswFormatException(file, "implausible sizes: " + this);
    }
    if (sizeDataPerElement != labelOffset + Long.BYTES) {
      throw new HnswFormatException(
          file,
          "size_data_per_element "
              + sizeDataPerElement
              + " is not label_offset "
              + labelOffset
              + " + 8");
    }
    long vectorBytes = labelOffset - offsetData;
    if (vectorBytes <= 0 || vectorBytes % Float.BYTES != 0) {
      throw new HnswFormatException(
          file,
          "label_offset "
              + labelOffset
              + " - offsetData "
              + offsetData
              + " is not a positive multiple of 4 (float32 components)");
    }
    if (offsetLevel0 + 3 > offsetData) {
      throw new HnswFormatException(
          file, "offsetLevel0 " + offsetLevel0 + " leaves no link list header before the vector");
    }
    if (curElementCount > maxElements) {
      throw new HnswFormatException(
          file, "cur_element_count " + curElementCount + " exceeds max_elements " + maxElements);
    }
  }
}
