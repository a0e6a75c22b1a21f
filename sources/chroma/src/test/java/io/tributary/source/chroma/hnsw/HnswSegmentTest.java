package io.tributary.source.chroma.hnsw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.testing.ChromaStoreFixture;
import io.tributary.testing.ChromaStoreFixture.Collection;
import io.tributary.testing.ChromaStoreFixture.Format;
import io.tributary.testing.ChromaStoreFixture.Rec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class HnswSegmentTest {
  private static final int DIM = 5;

  @TempDir Path dir;

  static Stream<Arguments> formatsAndSpaces() {
    List<Arguments> all = new ArrayList<>();
    for (Format format : Format.values()) {
      for (String space : List.of("l2", "cosine", "ip")) {
        all.add(Arguments.of(format, space));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("formatsAndSpaces")
  void persistedIdsAndVectorsAreWhatChromaReturns(Format format, String space) throws Exception {
    Random random = new Random(42);
    Map<String, float[]> originals = new LinkedHashMap<>();
    try (ChromaStoreFixture store = ChromaStoreFixture.create(dir, format)) {
      Collection c = store.createCollection("docs", space, Map.of("owner", "tests"));
      for (String id : List.of("a", "b", "c", "d", "e", "f")) {
        float[] v = vector(random);
        originals.put(id, v);
        store.add(c, id, v, "doc " + id, Map.of("n", id.charAt(0) - 'a'));
      }
      float[] b2 = vector(random);
      store.update(c, "b", b2, "doc b2", Map.of("k", 2));
      originals.put("b", b2);
      store.delete(c, "c");
      originals.remove("c");
      float[] g = vector(random);
      store.upsert(c, "g", g, "doc g", null);
      originals.put("g", g);
      float[] a2 = vector(random);
      store.upsert(c, "a", a2, null, null);
      originals.put("a", a2);
      store.add(c, "d", vector(random), "ignored", null); // an add of an existing id: no-op

      // nothing persisted yet: the directory holds no pickle
      try (HnswSegment before = HnswSegment.open(segmentDir(c), DIM, space.equals("cosine"))) {
        assertThat(before.isEmpty()).isTrue();
        assertThat(before.ids()).isEmpty();
        assertThat(before.dimension()).isZero();
        assertThat(before.vector("a")).isNull();
      }

      store.persist(c);
      Map<String, Rec> expected = store.expected(c);
      assertThat(expected.keySet()).containsExactlyInAnyOrderElementsOf(originals.keySet());

      try (HnswSegment segment = HnswSegment.open(segmentDir(c), DIM, space.equals("cosine"))) {
        assertThat(segment.isEmpty()).isFalse();
        assertThat(segment.dimension()).isEqualTo(DIM);
        assertThat(segment.ids()).containsExactlyInAnyOrderElementsOf(originals.keySet());
        assertThat(segment.contains("c")).isFalse();
        assertThat(segment.vector("c")).isNull();
        assertThat(segment.pickleMaxSeqId()).isEmpty();
        for (Map.Entry<String, float[]> e : originals.entrySet()) {
          float[] read = segment.vector(e.getKey());
          assertThat(bits(read)).isEqualTo(bits(expected.get(e.getKey()).embedding()));
          float[] chroma =
              space.equals("cosine") ? normalizedTimesNorm(e.getValue()) : e.getValue();
          assertThat(bits(read)).as(e.getKey()).isEqualTo(bits(chroma));
        }
      }
      assertThat(expected.get("b").document()).isEqualTo("doc b2");
      assertThat(expected.get("b").metadata()).isEqualTo(Map.of("n", 1L, "k", 2L));
      assertThat(expected.get("a").document()).isEqualTo("doc a");
      assertThat(expected.get("d").document()).isEqualTo("doc d");

      // a tail written after the persist is in memory only: not in the files
      float[] h = vector(random);
      store.add(c, "h", h, null, null);
      try (HnswSegment segment = HnswSegment.open(segmentDir(c), DIM, space.equals("cosine"))) {
        assertThat(segment.ids()).doesNotContain("h").hasSize(originals.size());
      }
      assertThat(bits(store.expected(c).get("h").embedding())).isEqualTo(bits(h));
    }
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void wrongDimensionIsRefusedNamingTheHeader(Format format) throws Exception {
    Collection c = persistedCollection(format, "l2");

    assertThatThrownBy(() -> HnswSegment.open(segmentDir(c), DIM + 1, false))
        .isInstanceOf(HnswFormatException.class)
        .hasMessageContaining(segmentDir(c).resolve("header.bin").toString())
        .hasMessageContaining("dimension " + DIM)
        .hasMessageContaining("collection's dimension is " + (DIM + 1));
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void corruptHeaderIsRefusedNamingIt(Format format) throws Exception {
    Collection c = persistedCollection(format, "cosine");
    Path header = segmentDir(c).resolve("header.bin");
    try (FileChannel ch = FileChannel.open(header, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 7), 0);
    }

    assertThatThrownBy(() -> HnswSegment.open(segmentDir(c), DIM, true))
        .isInstanceOf(HnswFormatException.class)
        .hasMessageStartingWith(header + ": persistence version 7");

    try (FileChannel ch = FileChannel.open(header, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 1), 0);
      ch.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 999), 28);
    }
    assertThatThrownBy(() -> HnswSegment.open(segmentDir(c), DIM, true))
        .isInstanceOf(HnswFormatException.class)
        .hasMessageContaining(header.toString())
        .hasMessageContaining("size_data_per_element 999 is not label_offset");

    try (FileChannel ch = FileChannel.open(header, StandardOpenOption.WRITE)) {
      ch.truncate(60);
    }
    assertThatThrownBy(() -> HnswSegment.open(segmentDir(c), DIM, true))
        .isInstanceOf(HnswFormatException.class)
        .hasMessageStartingWith(header + ": 60 bytes");
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void shortDataFileFailsClearly(Format format) throws Exception {
    Collection c = persistedCollection(format, "ip");
    Path data = segmentDir(c).resolve("data_level0.bin");
    try (HnswSegment segment = HnswSegment.open(segmentDir(c), DIM, false)) {
      try (FileChannel ch = FileChannel.open(data, StandardOpenOption.WRITE)) {
        ch.truncate(10);
      }
      assertThatThrownBy(() -> segment.vector("r0"))
          .isInstanceOf(HnswFormatException.class)
          .hasMessageStartingWith(data + ": 10 bytes, shorter than needed");
    }
    assertThatThrownBy(() -> HnswSegment.open(segmentDir(c), DIM, false))
        .isInstanceOf(HnswFormatException.class)
        .hasMessageStartingWith(data + ": 10 bytes, shorter than the 3 elements");
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void queueIsPurgedBelowThePersistedMaxSeqIdWhileTheUnpersistedTailStays(Format format)
      throws Exception {
    Random random = new Random(7);
    List<Long> seqs = new ArrayList<>();
    Map<String, float[]> originals = new LinkedHashMap<>();
    try (ChromaStoreFixture store = ChromaStoreFixture.create(dir, format).syncThreshold(5)) {
      Collection c = store.createCollection("purged", "cosine", null);
      for (int i = 0; i < 12; i++) {
        float[] v = vector(random);
        originals.put("r" + i, v);
        seqs.add(store.add(c, "r" + i, v, "doc " + i, null));
      }
      // two persists (after the 5th and the 10th write): the vector segment is at the 10th
      long vectorMax = seqs.get(9);
      try (Connection db =
          DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("chroma.sqlite3"))) {
        assertThat(maxSeqId(db, c.vectorSegment())).isEqualTo(vectorMax);
        assertThat(maxSeqId(db, c.metadataSegment())).isEqualTo(seqs.get(11));
        assertThat(queue(db, c)).containsExactly(seqs.get(9), seqs.get(10), seqs.get(11));
      }

      Map<String, Rec> expected = store.expected(c);
      try (HnswSegment segment = HnswSegment.open(segmentDir(c), DIM, true)) {
        assertThat(segment.ids()).hasSize(10).doesNotContain("r10", "r11");
        for (int i = 0; i < 10; i++) {
          float[] read = segment.vector("r" + i);
          // the queue still holds the 10th write: a reader recovers its original floats
          assertThat(bits(expected.get("r" + i).embedding()))
              .isEqualTo(i < 9 ? bits(read) : bits(originals.get("r" + i)));
          assertThat(bits(read)).isEqualTo(bits(normalizedTimesNorm(originals.get("r" + i))));
        }
      }
      // the unpersisted tail: its originals, still in the queue
      assertThat(bits(expected.get("r10").embedding())).isEqualTo(bits(originals.get("r10")));
      assertThat(bits(expected.get("r11").embedding())).isEqualTo(bits(originals.get("r11")));
    }
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void manyRecordsSpanFramesAndBatchesOfThePickle(Format format) throws Exception {
    Random random = new Random(3);
    List<Rec> records = new ArrayList<>();
    Map<String, float[]> originals = new HashMap<>();
    for (int i = 0; i < 2500; i++) {
      float[] v = {random.nextFloat(), random.nextFloat()};
      String id = "record-with-a-longish-id-" + i;
      originals.put(id, v);
      records.add(new Rec(id, v, null, null));
    }
    try (ChromaStoreFixture store = ChromaStoreFixture.create(dir, format)) {
      Collection c = store.createCollection("many", "l2", null);
      store.addBatch(c, records);
      store.persist(c);
      try (HnswSegment segment = HnswSegment.open(segmentDir(c), 2, false)) {
        assertThat(segment.ids()).hasSize(2500);
        assertThat(segment.header().orElseThrow().maxElements())
            .isGreaterThanOrEqualTo(segment.header().orElseThrow().curElementCount());
        for (Map.Entry<String, float[]> e : originals.entrySet()) {
          assertThat(bits(segment.vector(e.getKey()))).isEqualTo(bits(e.getValue()));
        }
      }
      if (format == Format.V0_6) {
        byte[] pickle = Files.readAllBytes(segmentDir(c).resolve("index_metadata.pickle"));
        assertThat(frames(pickle)).isGreaterThan(1);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void anUpdateOfTheOnlyElementIsNotPersistedByHnswlib(Format format) throws Exception {
    float[] first = {1, 2, 3, 4, 5};
    float[] second = {5, 4, 3, 2, 1};
    try (ChromaStoreFixture store = ChromaStoreFixture.create(dir, format)) {
      Collection c = store.createCollection("one", "l2", null);
      store.add(c, "only", first, null, null);
      store.persist(c);
      store.update(c, "only", second, null, null);
      store.persist(c);
      try (HnswSegment segment = HnswSegment.open(segmentDir(c), DIM, false)) {
        assertThat(bits(segment.vector("only"))).isEqualTo(bits(first));
      }
      assertThat(bits(store.expected(c).get("only").embedding())).isEqualTo(bits(first));

      store.add(c, "second", second, null, null); // the first element is rewritten now
      store.persist(c);
      try (HnswSegment segment = HnswSegment.open(segmentDir(c), DIM, false)) {
        assertThat(bits(segment.vector("only"))).isEqualTo(bits(second));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void slotsAreMatchedByLabelTheLaterOfTwoWinning(Format format) throws Exception {
    Collection c = persistedCollection(format, "l2"); // r0, r1, r2: labels 1, 2, 3 in slots 0, 1, 2
    Path data = segmentDir(c).resolve("data_level0.bin");
    float[] r0;
    float[] r1;
    try (HnswSegment segment = HnswSegment.open(segmentDir(c), DIM, false)) {
      assertThat(segment.ids()).containsExactlyInAnyOrder("r0", "r1", "r2");
      r0 = segment.vector("r0");
      r1 = segment.vector("r1");
    }
    HnswHeader header = HnswHeader.read(segmentDir(c).resolve("header.bin"));
    long size = header.sizeDataPerElement();
    try (FileChannel ch = FileChannel.open(data, StandardOpenOption.WRITE)) {
      ByteBuffer label = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      ch.write(label.putLong(0, 1).rewind(), size + header.labelOffset()); // slot 1 says r0's label
      ch.write(label.putLong(0, 0).rewind(), 2 * size + header.labelOffset()); // slot 2: label 0
    }

    try (HnswSegment segment = HnswSegment.open(segmentDir(c), DIM, false)) {
      assertThat(segment.ids()).containsExactly("r0");
      assertThat(bits(segment.vector("r0"))).isEqualTo(bits(r1)).isNotEqualTo(bits(r0));
    }

    try (FileChannel ch = FileChannel.open(data, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(new byte[] {1}), size + 2); // DELETE mark on slot 1
      ByteBuffer label = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      ch.write(label.putLong(0, 99).rewind(), 2 * size + header.labelOffset()); // unknown label
    }
    try (HnswSegment segment = HnswSegment.open(segmentDir(c), DIM, false)) {
      assertThat(segment.ids()).containsExactly("r0");
      assertThat(bits(segment.vector("r0"))).isEqualTo(bits(r0));
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Format.class,
      names = {"V1_0", "V1_5"})
  void legacyMaxSeqIdOfThePickle(Format format) throws Exception {
    Collection c = persistedCollection(format, "l2");
    Path pickle = segmentDir(c).resolve("index_metadata.pickle");
    byte[] bytes = Files.readAllBytes(pickle);
    byte[] key = "max_seq_id".getBytes(StandardCharsets.US_ASCII);
    int at = indexOf(bytes, key) + key.length;
    assertThat(bytes[at]).isEqualTo((byte) 'N');
    ByteBuffer patched = ByteBuffer.allocate(bytes.length + 4).order(ByteOrder.LITTLE_ENDIAN);
    patched.put(bytes, 0, at).put((byte) 'J').putInt(77).put(bytes, at + 1, bytes.length - at - 1);
    Files.write(pickle, patched.array());

    try (HnswSegment segment = HnswSegment.open(segmentDir(c), DIM, false)) {
      assertThat(segment.pickleMaxSeqId()).hasValue(77);
      assertThat(segment.ids()).hasSize(3);
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** A store with one persisted collection of three records r0..r2. */
  private Collection persistedCollection(Format format, String space) {
    Random random = new Random(1);
    try (ChromaStoreFixture store = ChromaStoreFixture.create(dir, format)) {
      Collection c = store.createCollection("c", space, null);
      for (int i = 0; i < 3; i++) {
        store.add(c, "r" + i, vector(random), null, null);
      }
      store.persist(c);
      return c;
    }
  }

  private Path segmentDir(Collection c) {
    return dir.resolve(c.vectorSegment());
  }

  private static float[] vector(Random random) {
    float[] v = new float[DIM];
    for (int i = 0; i < DIM; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return v;
  }

  /** What hnswlib stores for cosine times the norm it stores, computed independently. */
  private static float[] normalizedTimesNorm(float[] v) {
    float sum = 0f;
    for (float x : v) {
      sum += x * x;
    }
    float norm = (float) Math.sqrt(sum);
    float inverse = 1.0f / (norm + 1e-30f);
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      float stored = v[i] * inverse;
      out[i] = stored * norm;
    }
    return out;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }

  private static int[] bits(float[] v) {
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = Float.floatToRawIntBits(v[i]);
    }
    return out;
  }

  private static long maxSeqId(Connection db, String segment) throws Exception {
    try (PreparedStatement ps =
        db.prepareStatement("SELECT seq_id FROM max_seq_id WHERE segment_id = ?")) {
      ps.setString(1, segment);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        Object v = rs.getObject(1);
        return v instanceof byte[] b ? ByteBuffer.wrap(b).getLong() : rs.getLong(1);
      }
    }
  }

  private static List<Long> queue(Connection db, Collection c) throws Exception {
    List<Long> seqs = new ArrayList<>();
    try (PreparedStatement ps =
        db.prepareStatement(
            "SELECT seq_id FROM embeddings_queue WHERE topic = ? ORDER BY seq_id")) {
      ps.setString(1, "persistent://default/default/" + c.id());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          seqs.add(rs.getLong(1));
        }
      }
    }
    return seqs;
  }

  /**
   * FRAME opcodes in a protocol-5 pickle (frames follow one another; a tail under 4 bytes has
   * none).
   */
  private static int frames(byte[] pickle) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(pickle).order(ByteOrder.LITTLE_ENDIAN);
    int frames = 0;
    int at = 2;
    while (at < pickle.length && (pickle[at] & 0xff) == 0x95) {
      frames++;
      at += 9 + (int) b.getLong(at + 1);
    }
    if (pickle.length - at >= 4) {
      throw new IOException("frames end at " + at + " of " + pickle.length);
    }
    return frames;
  }
}
