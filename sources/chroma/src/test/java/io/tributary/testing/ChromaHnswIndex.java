package io.tributary.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * An hnswlib index in Chroma's "persistent" mode, as far as its files are concerned, for {@link
 * ChromaStoreFixture}: the in-memory elements (label, stored vector, norm, delete mark) and the
 * dirty set, flushed by {@link #persistDirty()} exactly where hnswlib's {@code persistDirty}
 * writes: the header, then each dirty element's slot of {@code data_level0.bin}, its float of
 * {@code length.bin} and its entry of {@code link_lists.bin}. No graph is built: every element sits
 * on level 0 with no neighbours (count word 0, a u32 0 in {@code link_lists.bin}).
 *
 * <p>What reaches the disk follows hnswlib: a new element and a DELETE-marked one are dirty; an
 * updated one too, except in an index holding exactly one element (hnswlib's {@code updatePoint}
 * returns early there, so that update stays in memory until the element is written again; adding a
 * second element rewrites it, as the first becomes its neighbour). Cosine stores {@code v[i] *
 * (1.0f / (sqrt(Σv²) + 1e-30f))} and the norm; l2 and ip store the floats as given. The files are
 * created as {@code initPersistentIndex} does: a header with count 0 and {@code max_elements} slots
 * of uninitialized memory (here: pseudo-random bytes for small files, zeros otherwise). Resizing
 * only grows the capacity in memory, as in hnswlib.
 */
final class ChromaHnswIndex {
  static final int M = 16;
  static final int MAX_M0 = 2 * M;
  static final int EF_CONSTRUCTION = 100;
  private static final int HEADER_BYTES = 100;
  private static final long GARBAGE_LIMIT = 4L << 20;

  /** One element: what hnswlib holds for it in memory (and, copied, what the files hold). */
  private static final class Element {
    private final long label;
    private float[] stored;
    private float norm;
    private boolean deleted;

    Element(long label) {
      this.label = label;
    }

    Element copy() {
      Element c = new Element(label);
      c.stored = stored.clone();
      c.norm = norm;
      c.deleted = deleted;
      return c;
    }
  }

  private final Path dir;
  private final int dim;
  private final boolean cosine;
  private final int offsetData = Integer.BYTES + Integer.BYTES * MAX_M0;
  private final int labelOffset;
  private final int size;
  private long capacity;

  private final List<Element> elements = new ArrayList<>();
  private final Map<Long, Integer> labelLookup = new HashMap<>();
  private final TreeSet<Integer> dirty = new TreeSet<>();

  /** The elements as the files hold them. */
  private final Map<Integer, Element> disk = new HashMap<>();

  /** A new index: creates the directory and the four files (initPersistentIndex). */
  ChromaHnswIndex(Path dir, int dim, boolean cosine, long capacity) throws IOException {
    this.dir = dir;
    this.dim = dim;
    this.cosine = cosine;
    this.labelOffset = offsetData + Float.BYTES * dim;
    this.size = labelOffset + Long.BYTES;
    this.capacity = capacity;
    Files.createDirectories(dir);
    Random random = new Random(dir.getFileName().toString().hashCode());
    try (FileChannel header = open("header.bin", true)) {
      writeAt(header, headerBytes(0), 0);
    }
    try (FileChannel data = open("data_level0.bin", true)) {
      uninitialized(data, capacity * size, random);
    }
    try (FileChannel length = open("length.bin", true)) {
      uninitialized(length, capacity * Float.BYTES, random);
    }
    try (FileChannel links = open("link_lists.bin", true)) {
      links.truncate(0);
    }
  }

  int count() {
    return elements.size();
  }

  long capacity() {
    return capacity;
  }

  /** hnswlib's resizeIndex: memory only, the files grow when elements are written. */
  void resize(long newCapacity) {
    if (newCapacity < elements.size()) {
      throw new IllegalStateException("cannot shrink below " + elements.size());
    }
    capacity = newCapacity;
  }

  /** addPoint with a label: a new element, or an update of the element carrying it. */
  void addOrUpdate(long label, float[] vector) {
    if (vector.length != dim) {
      throw new IllegalArgumentException("dimension " + vector.length + ", the index has " + dim);
    }
    Integer existing = labelLookup.get(label);
    if (existing != null) {
      Element e = elements.get(existing);
      e.deleted = false;
      store(e, vector);
      if (elements.size() != 1) {
        dirty.add(existing);
      }
      return;
    }
    if (elements.size() >= capacity) {
      throw new IllegalStateException("The number of elements exceeds the specified limit");
    }
    int id = elements.size();
    Element e = new Element(label);
    store(e, vector);
    elements.add(e);
    labelLookup.put(label, id);
    dirty.add(id);
    if (id == 1) {
      dirty.add(0); // the first element becomes the second one's neighbour
    }
  }

  /** markDelete. */
  void markDeleted(long label) {
    Integer id = labelLookup.get(label);
    if (id == null) {
      throw new IllegalStateException("Label not found: " + label);
    }
    Element e = elements.get(id);
    if (e.deleted) {
      throw new IllegalStateException("The requested to delete element is already deleted");
    }
    e.deleted = true;
    dirty.add(id);
  }

  private void store(Element e, float[] vector) {
    if (cosine) {
      float sum = 0.0f;
      for (float v : vector) {
        sum += v * v;
      }
      float length = (float) Math.sqrt(sum);
      float inverse = 1.0f / (length + 1e-30f);
      float[] stored = new float[dim];
      for (int i = 0; i < dim; i++) {
        stored[i] = vector[i] * inverse;
      }
      e.stored = stored;
      e.norm = length;
    } else {
      e.stored = vector.clone();
      e.norm = 0.0f;
    }
  }

  /** persistDirty: nothing when no element is dirty, else header, slots, lengths, link lists. */
  void persistDirty() throws IOException {
    if (dirty.isEmpty()) {
      return;
    }
    try (FileChannel header = open("header.bin", false)) {
      writeAt(header, headerBytes(elements.size()), 0);
    }
    try (FileChannel data = open("data_level0.bin", false)) {
      for (int id : dirty) {
        writeAt(data, slot(elements.get(id)), (long) id * size);
      }
    }
    try (FileChannel length = open("length.bin", false)) {
      for (int id : dirty) {
        ByteBuffer b = ByteBuffer.allocate(Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.putFloat(0, elements.get(id).norm);
        writeAt(length, b, (long) id * Float.BYTES);
      }
    }
    try (FileChannel links = open("link_lists.bin", false)) {
      for (int id : dirty) {
        // every element is on level 0: its entry is a u32 0 (no upper-level links)
        writeAt(links, ByteBuffer.allocate(Integer.BYTES), (long) id * Integer.BYTES);
      }
    }
    for (int id : dirty) {
      disk.put(id, elements.get(id).copy());
    }
    dirty.clear();
  }

  /**
   * The vector of a label as Chroma's get() returns it from the files (stored × norm for cosine,
   * the stored floats otherwise), or null when the files do not hold it live.
   */
  float[] persistedVector(long label) {
    Integer id = labelLookup.get(label);
    Element e = id == null ? null : disk.get(id);
    if (e == null || e.deleted) {
      return null;
    }
    float[] v = e.stored.clone();
    if (cosine) {
      for (int i = 0; i < v.length; i++) {
        v[i] = v[i] * e.norm;
      }
    }
    return v;
  }

  private ByteBuffer slot(Element e) {
    ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    // link list header: u16 neighbour count 0, byte 2 = flags (DELETE_MARK 0x01), byte 3 unused
    b.put(2, e.deleted ? (byte) 1 : (byte) 0);
    for (int i = 0; i < dim; i++) {
      b.putFloat(offsetData + Float.BYTES * i, e.stored[i]);
    }
    b.putLong(labelOffset, e.label);
    return b;
  }

  private ByteBuffer headerBytes(int count) {
    ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(1); // PERSISTENCE_VERSION
    b.putLong(0); // offsetLevel0_
    b.putLong(capacity); // max_elements_
    b.putLong(count); // cur_element_count
    b.putLong(size); // size_data_per_element_
    b.putLong(labelOffset); // label_offset_
    b.putLong(offsetData); // offsetData_
    b.putInt(count == 0 ? -1 : 0); // maxlevel_
    b.putInt(count == 0 ? -1 : 0); // enterpoint_node_ (u32)
    b.putLong(M); // maxM_
    b.putLong(MAX_M0); // maxM0_
    b.putLong(M); // M_
    b.putDouble(1 / Math.log(M)); // mult_
    b.putLong(EF_CONSTRUCTION); // ef_construction_
    return b.flip();
  }

  private FileChannel open(String name, boolean create) throws IOException {
    return create
        ? FileChannel.open(
            dir.resolve(name),
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)
        : FileChannel.open(dir.resolve(name), StandardOpenOption.WRITE);
  }

  private static void uninitialized(FileChannel channel, long bytes, Random random)
      throws IOException {
    if (bytes <= GARBAGE_LIMIT) {
      byte[] garbage = new byte[(int) bytes];
      random.nextBytes(garbage);
      writeAt(channel, ByteBuffer.wrap(garbage), 0);
    } else if (bytes > 0) {
      // a sparse file of zeros, as a large malloc'd (mmap'd) block would be
      writeAt(channel, ByteBuffer.allocate(1), bytes - 1);
    }
  }

  private static void writeAt(FileChannel channel, ByteBuffer buffer, long position)
      throws IOException {
    buffer.rewind();
    long at = position;
    while (buffer.hasRemaining()) {
      at += channel.write(buffer, at);
    }
  }
}
