package io.tributary.source.chroma.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.source.sqlite.connect.SqliteConnections;
import io.tributary.testing.ChromaStoreFixture;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ChromaCollectionReaderTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  static float[] vector(Random random, int dimensions) {
    float[] v = new float[dimensions];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return v;
  }

  static Map<String, Object> metadata(int i) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("n", (long) i);
    m.put("score", i + 0.5);
    m.put("whole", 2.0);
    m.put("even", i % 2 == 0);
    m.put("label", "item " + i);
    return m;
  }

  /**
   * Three collections of different dimensions and distances, written past the HNSW segment's
   * persist threshold (so older vectors live only in its files, the queue purged below it), then
   * updated, upserted and deleted.
   */
  static List<ChromaStoreFixture.Collection> write(ChromaStoreFixture fixture, long seed) {
    Random random = new Random(seed);
    List<ChromaStoreFixture.Collection> out = new ArrayList<>();
    String[][] shapes = {{"notes", "cosine", "12"}, {"docs", "l2", "7"}, {"faces", "ip", "5"}};
    for (String[] shape : shapes) {
      ChromaStoreFixture.Collection c =
          fixture.createCollection(shape[0], shape[1], Map.of("topic", shape[0]));
      int dimensions = Integer.parseInt(shape[2]);
      List<ChromaStoreFixture.Rec> batch = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        batch.add(
            new ChromaStoreFixture.Rec(
                shape[0] + "-" + i,
                vector(random, dimensions),
                i % 5 == 4 ? null : "document " + i,
                i % 7 == 6 ? null : metadata(i)));
      }
      fixture.addBatch(c, batch);
      for (int i = 30; i < 45; i++) {
        fixture.add(c, shape[0] + "-" + i, vector(random, dimensions), "late " + i, metadata(i));
      }
      Map<String, Object> merge = new HashMap<>();
      merge.put("label", null); // deletes the key
      merge.put("extra", "added");
      fixture.update(c, shape[0] + "-3", null, "document 3, edited", merge);
      fixture.update(c, shape[0] + "-4", vector(random, dimensions), null, null);
      fixture.update(c, shape[0] + "-404", vector(random, dimensions), "never there", null);
      fixture.add(c, shape[0] + "-5", vector(random, dimensions), "ignored: exists", null);
      fixture.upsert(c, shape[0] + "-6", vector(random, dimensions), "upserted", metadata(60));
      fixture.upsert(c, shape[0] + "-new", vector(random, dimensions), "upserted new", null);
      fixture.delete(c, shape[0] + "-7");
      fixture.delete(c, shape[0] + "-40");
      out.add(c);
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(ChromaStoreFixture.Format.class)
  void readsEveryRecordAsChromaHoldsIt(ChromaStoreFixture.Format format) throws Exception {
    Map<String, Map<String, ChromaStoreFixture.Rec>> expected = new TreeMap<>();
    try (ChromaStoreFixture fixture = ChromaStoreFixture.create(dir, format).syncThreshold(20)) {
      for (ChromaStoreFixture.Collection c : write(fixture, format.name().hashCode())) {
        expected.put(c.name(), fixture.expected(c));
      }
    }
    ChromaStore store = ChromaStore.read(dir);
    try (Connection connection = SqliteConnections.openReadOnly(ChromaStore.database(dir))) {
      // the queue below the persisted segment was purged: some vectors live only in its files
      try (Statement st = connection.createStatement();
          ResultSet rs = st.executeQuery("SELECT count(*) FROM embeddings_queue")) {
        rs.next();
        assertThat(rs.getLong(1)).isLessThan(3 * 53);
      }
      for (ChromaCollection collection : store.collections()) {
        Map<String, ChromaStoreFixture.Rec> want = expected.get(collection.name());
        try (ChromaCollectionReader reader = new ChromaCollectionReader(store, collection)) {
          Map<String, ChromaRecord> read = new LinkedHashMap<>();
          String after = null;
          while (true) {
            ChromaCollectionReader.Chunk chunk = reader.chunk(connection, after, 7);
            chunk.records().forEach(r -> read.put(r.id(), r));
            if (!chunk.records().isEmpty()) {
              after = chunk.records().get(chunk.records().size() - 1).id();
            }
            if (chunk.last()) {
              break;
            }
          }
          assertThat(read.keySet())
              .as(collection.name())
              .containsExactlyElementsOf(new TreeMap<>(want).keySet());
          assertThat(reader.count(connection)).isEqualTo(want.size());
          assertThat(reader.caughtUp(connection)).isTrue();
          for (ChromaStoreFixture.Rec rec : want.values()) {
            ChromaRecord got = read.get(rec.id());
            assertThat(got.document()).as(rec.id()).isEqualTo(rec.document());
            assertMetadata(got.metadata(), rec.metadata(), rec.id());
            assertThat(bits(got.embedding())).as(rec.id()).isEqualTo(bits(rec.embedding()));
          }
          Map<String, ChromaRecord> some =
              reader.byIds(connection, List.of(collection.name() + "-3", collection.name() + "-7"));
          assertThat(some).containsOnlyKeys(collection.name() + "-3");
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = ChromaStoreFixture.Format.class,
      names = {"V0_6", "V1_5"})
  void aCosineVectorTheQueueStillHoldsIsReadAsItsOriginalFloats(ChromaStoreFixture.Format format)
      throws Exception {
    Random random = new Random(11);
    Map<String, float[]> originals = new LinkedHashMap<>();
    try (ChromaStoreFixture fixture =
        ChromaStoreFixture.create(dir, format).syncThreshold(10).automaticallyPurge(false)) {
      ChromaStoreFixture.Collection c = fixture.createCollection("notes", "cosine", Map.of());
      for (int i = 0; i < 35; i++) {
        float[] v = vector(random, 9);
        originals.put("n" + i, v);
        fixture.add(c, "n" + i, v, null, null);
      }
      float[] updated = vector(random, 9);
      originals.put("n3", updated);
      fixture.update(c, "n3", updated, null, null);
      fixture.add(c, "n4", vector(random, 9), null, null); // an add of an existing id: no write
      fixture.persist(c);
    }
    ChromaStore store = ChromaStore.read(dir);
    try (Connection connection = SqliteConnections.openReadOnly(ChromaStore.database(dir));
        ChromaCollectionReader reader =
            new ChromaCollectionReader(store, store.collection("notes").orElseThrow())) {
      Map<String, ChromaRecord> read = reader.byIds(connection, originals.keySet());
      assertThat(read).hasSize(originals.size());
      originals.forEach(
          (id, v) -> assertThat(bits(read.get(id).embedding())).as(id).isEqualTo(bits(v)));
    }
  }

  static void assertMetadata(String json, Map<String, Object> expected, String id)
      throws Exception {
    if (expected == null || expected.isEmpty()) {
      assertThat(json).as(id).isNull();
      return;
    }
    JsonNode node = JSON.readTree(json);
    assertThat(node.size()).as(id).isEqualTo(expected.size());
    expected.forEach(
        (key, value) -> {
          JsonNode v = node.get(key);
          assertThat(v).as(id + "." + key).isNotNull();
          if (value instanceof Long l) {
            assertThat(v.isIntegralNumber()).as(id + "." + key).isTrue();
            assertThat(v.longValue()).isEqualTo(l);
          } else if (value instanceof Double d) {
            assertThat(v.isFloatingPointNumber()).as(id + "." + key).isTrue();
            assertThat(v.doubleValue()).isEqualTo(d);
          } else if (value instanceof Boolean b) {
            assertThat(v.isBoolean() && v.booleanValue() == b).as(id + "." + key).isTrue();
          } else {
            assertThat(v.asText()).as(id + "." + key).isEqualTo(String.valueOf(value));
          }
        });
  }

  static int[] bits(float[] v) {
    if (v == null) {
      return null;
    }
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = Float.floatToRawIntBits(v[i]);
    }
    return out;
  }
}
