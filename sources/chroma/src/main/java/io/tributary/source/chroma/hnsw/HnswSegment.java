package io.tributary.source.chroma.hnsw;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The vectors of one persisted Chroma HNSW vector segment directory ({@code
 * <persist_dir>/<vector-segment-id>/}), read without Chroma: the ids live in the persisted index
 * and their vectors, as Chroma's own {@code get(include=["embeddings"])} returns them.
 *
 * <p>The live ids are those in the pickle's {@code label_to_id} whose label is carried by an
 * element of {@code data_level0.bin} that is not DELETE-marked (elements past {@code
 * cur_element_count}, label 0 and labels the pickle does not know are ignored; when two live
 * elements carry the same label the later one wins). Only the id → element index map is kept in
 * memory; each {@link #vector} is one positional read of {@code data_level0.bin} (and of {@code
 * length.bin} for cosine, where hnswlib stored the normalized vector and the norm: the vector
 * returned is {@code stored[k] * norm} in float arithmetic, exactly what hnswlib's {@code
 * getDataByLabel} computes; for l2 and ip the stored float32 are returned bit for bit).
 *
 * <p>What the files say is as of the vector segment's {@code max_seq_id}; log rows above it are not
 * in them (or only partly: Chroma may be rewriting the files). A reader of a live store reads that
 * value before and after, and retries on a change or a {@link HnswFormatException}.
 */
public final class HnswSegment implements AutoCloseable {
  /** The header file. */
  public static final String HEADER_FILE = "header.bin";

  /** The element slots: link list header, level-0 links, vector, label. */
  public static final String DATA_FILE = "data_level0.bin";

  /** One float32 per slot: the norm of the original vector (cosine only). */
  public static final String LENGTH_FILE = "length.bin";

  /** The label ↔ id maps Chroma keeps beside the index. */
  public static final String PICKLE_FILE = "index_metadata.pickle";

  private static final byte DELETE_MARK = 0x01;

  private final Path dir;
  private final HnswHeader header;
  private final boolean cosine;
  private final Map<String, Integer> elements;
  private final OptionalLong pickleMaxSeqId;
  private final FileChannel data;
  private final FileChannel lengths;

  private HnswSegment(
      Path dir,
      HnswHeader header,
      boolean cosine,
      Map<String, Integer> elements,
      OptionalLong pickleMaxSeqId,
      FileChannel data,
      FileChannel lengths) {
    this.dir = dir;
    this.header = header;
    this.cosine = cosine;
    this.elements = elements;
    this.pickleMaxSeqId = pickleMaxSeqId;
    this.data = data;
    this.lengths = lengths;
  }

  /**
   * Opens a vector segment directory.
   *
   * @param dir the vector segment's directory
   * @param dimension {@code collections.dimension} (null when unknown)
   * @param cosine the collection's space is cosine (hnswlib stored normalized vectors and their
   *     norms in {@code length.bin})
   * @throws HnswFormatException naming the file when a file is not what Chroma writes, or the
   *     header's dimension is not the given one
   */
  public static HnswSegment open(Path dir, Integer dimension, boolean cosine) throws IOException {
    Path pickle = dir.resolve(PICKLE_FILE);
    if (!Files.isDirectory(dir) || !Files.isRegularFile(pickle)) {
      return empty(dir, cosine, OptionalLong.empty());
    }
    Object root = PickleReader.read(pickle);
    if (!(root instanceof Map<?, ?> state)) {
      throw new HnswFormatException(pickle, "holds a " + typeName(root) + ", not a dict (state)");
    }
    OptionalLong pickleMaxSeqId = pickleMaxSeqId(pickle, state.get("max_seq_id"));
    Map<Long, String> labelToId = labelToId(pickle, state);
    if (labelToId.isEmpty()) {
      return empty(dir, cosine, pickleMaxSeqId);
    }

    Path headerFile = dir.resolve(HEADER_FILE);
    HnswHeader header = HnswHeader.read(headerFile);
    if (dimension != null && header.dimension() != dimension) {
      throw new HnswFormatException(
          headerFile,
          "dimension "
              + header.dimension()
              + " ((label_offset - offsetData) / 4), the collection's dimension is "
              + dimension);
    }
    FileChannel data = openChannel(dir.resolve(DATA_FILE), labelToId.size());
    FileChannel lengths = null;
    try {
      Map<String, Integer> elements = scan(dir.resolve(DATA_FILE), data, header, labelToId);
      if (cosine) {
        lengths = openChannel(dir.resolve(LENGTH_FILE), labelToId.size());
      }
      return new HnswSegment(
          dir,
          header,
          cosine,
          Collections.unmodifiableMap(elements),
          pickleMaxSeqId,
          data,
          lengths);
    } catch (IOException | RuntimeException e) {
      data.close();
      if (lengths != null) {
        lengths.close();
      }
      throw e;
    }
  }

  private static HnswSegment empty(Path dir, boolean cosine, OptionalLong pickleMaxSeqId) {
    return new HnswSegment(dir, null, cosine, Map.of(), pickleMaxSeqId, null, null);
  }

  /** The live element of each id: one pass over the label and delete mark of every slot. */
  private static Map<String, Integer> scan(
      Path file, FileChannel data, HnswHeader header, Map<Long, String> labelToId)
      throws IOException {
    long size = header.sizeDataPerElement();
    long count = header.curElementCount();
    long fileSize = data.size();
    if (fileSize < count * size) {
      throw new HnswFormatException(
          file,
          fileSize
              + " bytes, shorter than the "
              + count
              + " elements of "
              + size
              + " bytes header.bin counts");
    }
    Map<String, Integer> elements = new HashMap<>();
    ByteBuffer flags = ByteBuffer.allocate(1);
    ByteBuffer label = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (long i = 0; i < count; i++) {
      long slot = i * size;
      readFully(file, data, flags.clear(), slot + header.offsetLevel0() + 2);
      if ((flags.get(0) & DELETE_MARK) != 0) {
        continue;
      }
      readFully(file, data, label.clear(), slot + header.labelOffset());
      long value = label.getLong(0);
      if (value == 0) {
        continue;
      }
      String id = labelToId.get(value);
      if (id != null) {
        elements.put(id, (int) i);
      }
    }
    return elements;
  }

  /** True when nothing is persisted: no directory, no pickle, or an empty {@code label_to_id}. */
  public boolean isEmpty() {
    return header == null;
  }

  /** The vector dimension the header gives; 0 when {@link #isEmpty()}. */
  public int dimension() {
    return header == null ? 0 : header.dimension();
  }

  /** The header, when the segment is not empty. */
  public Optional<HnswHeader> header() {
    return Optional.ofNullable(header);
  }

  /** The live ids (unmodifiable). */
  public Set<String> ids() {
    return elements.keySet();
  }

  /** Whether the id is live in the persisted index. */
  public boolean contains(String id) {
    return elements.containsKey(id);
  }

  /**
   * The vector of a live id, as Chroma returns it; null when the id is not live.
   *
   * @throws HnswFormatException naming the file when {@code data_level0.bin} or {@code length.bin}
   *     is shorter than the element needs
   */
  public float[] vector(String id) throws IOException {
    Stored stored = stored(id);
    if (stored == null) {
      return null;
    }
    float[] vector = stored.values();
    if (cosine) {
      for (int k = 0; k < vector.length; k++) {
        vector[k] = vector[k] * stored.norm();
      }
    }
    return vector;
  }

  /**
   * An element as hnswlib stored it.
   *
   * @param values the floats in {@code data_level0.bin} (for cosine: the normalized vector)
   * @param norm the norm from {@code length.bin} (cosine), else {@link Float#NaN}
   */
  public record Stored(float[] values, float norm) {}

  /**
   * The element of a live id as stored, without multiplying a cosine vector back; null when the id
   * is not live.
   *
   * @throws HnswFormatException naming the file when {@code data_level0.bin} or {@code length.bin}
   *     is shorter than the element needs
   */
  public Stored stored(String id) throws IOException {
    Integer element = elements.get(id);
    if (element == null) {
      return null;
    }
    int dim = header.dimension();
    ByteBuffer buffer = ByteBuffer.allocate(dim * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    readFully(
        dir.resolve(DATA_FILE),
        data,
        buffer,
        element * header.sizeDataPerElement() + header.offsetData());
    float[] vector = new float[dim];
    buffer.flip().asFloatBuffer().get(vector);
    if (!cosine) {
      return new Stored(vector, Float.NaN);
    }
    ByteBuffer norm = ByteBuffer.allocate(Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    readFully(dir.resolve(LENGTH_FILE), lengths, norm, (long) element * Float.BYTES);
    return new Stored(vector, norm.getFloat(0));
  }

  /** The legacy {@code max_seq_id} of the pickle state (0.5.0–0.5.5 files), if present and set. */
  public OptionalLong pickleMaxSeqId() {
    return pickleMaxSeqId;
  }

  @Override
  public void close() throws IOException {
    try {
      if (data != null) {
        data.close();
      }
    } finally {
      if (lengths != null) {
        lengths.close();
      }
    }
  }

  private static FileChannel openChannel(Path file, int labels) throws IOException {
    try {
      return FileChannel.open(file, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new HnswFormatException(
          file, "missing while " + PICKLE_FILE + " lists " + labels + " labels", e);
    }
  }

  private static void readFully(Path file, FileChannel channel, ByteBuffer buffer, long position)
      throws IOException {
    int wanted = buffer.remaining();
    long at = position;
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, at);
      if (n < 0) {
        throw new HnswFormatException(
            file,
            channel.size()
                + " bytes, shorter than needed: bytes ["
                + position
                + ", "
                + (position + wanted)
                + ") are read");
      }
      at += n;
    }
  }

  private static OptionalLong pickleMaxSeqId(Path pickle, Object value) throws HnswFormatException {
    if (value == null) {
      return OptionalLong.empty();
    }
    if (value instanceof Long l) {
      return OptionalLong.of(l);
    }
    if (value instanceof BigInteger b && b.bitLength() <= 64) {
      // u64 above Long.MAX_VALUE: kept as its two's complement, like the queue's seq ids
      return OptionalLong.of(b.longValue());
    }
    throw new HnswFormatException(
        pickle, "max_seq_id is a " + typeName(value) + ", not an int or None");
  }

  private static Map<Long, String> labelToId(Path pickle, Map<?, ?> state)
      throws HnswFormatException {
    Object value = state.get("label_to_id");
    if (!(value instanceof Map<?, ?> map)) {
      throw new HnswFormatException(
          pickle,
          value == null && !state.containsKey("label_to_id")
              ? "no label_to_id in the state (keys " + state.keySet() + ")"
              : "label_to_id is a " + typeName(value) + ", not a dict");
    }
    Map<Long, String> labelToId = new HashMap<>(map.size() * 2);
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof Long label) || !(e.getValue() instanceof String id)) {
        throw new HnswFormatException(
            pickle,
            "label_to_id maps "
                + typeName(e.getKey())
                + " "
                + e.getKey()
                + " to "
                + typeName(e.getValue())
                + ", not int to str");
      }
      labelToId.put(label, id);
    }
    return labelToId;
  }

  private static String typeName(Object value) {
    return value == null ? "None" : value.getClass().getSimpleName();
  }
}
