package io.tributary.source.chroma.hnsw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.testing.ChromaStoreFixture;
import io.tributary.testing.ChromaStoreFixture.Collection;
import io.tributary.testing.ChromaStoreFixture.Format;
import io.tributary.testing.ChromaStoreFixture.Rec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The store the fixture writes looks like Chroma's, table by table. */
class ChromaStoreFixtureTest {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(Format.class)
  void migrationsAndTablesOfEachFormat(Format format) throws Exception {
    try (ChromaStoreFixture store = ChromaStoreFixture.create(dir, format);
        Connection db = open()) {
      Map<String, Long> versions = new HashMap<>();
      for (List<Object> row :
          rows(db, "SELECT dir, max(version), count(*) FROM migrations GROUP BY dir")) {
        versions.put((String) row.get(0), (Long) row.get(1));
        assertThat(row.get(2)).isEqualTo(row.get(1)); // every version from 1 on
      }
      Map<String, Long> expected =
          switch (format) {
            case V0_6 -> Map.of("sysdb", 9L, "metadb", 4L, "embeddings_queue", 2L);
            case V1_0 -> Map.of("sysdb", 9L, "metadb", 5L, "embeddings_queue", 2L);
            case V1_3 -> Map.of("sysdb", 10L, "metadb", 5L, "embeddings_queue", 2L);
            case V1_5 -> Map.of("sysdb", 10L, "metadb", 6L, "embeddings_queue", 2L);
          };
      assertThat(versions).isEqualTo(expected);
      assertThat(rows(db, "SELECT hash FROM migrations WHERE dir = 'sysdb' AND version = 1"))
          .containsExactly(List.of("38352d725ad1c16074fac420b22b4633"));
      assertThat(columns(db, "collections"))
          .containsExactlyElementsOf(
              (format == Format.V1_3 || format == Format.V1_5)
                  ? List.of(
                      "id", "name", "dimension", "database_id", "config_json_str", "schema_str")
                  : List.of("id", "name", "dimension", "database_id", "config_json_str"));
      assertThat(columns(db, "segments")).containsExactly("id", "type", "scope", "collection");
      assertThat(columns(db, "max_seq_id")).containsExactly("segment_id", "seq_id");
      assertThat(type(db, "max_seq_id", "seq_id"))
          .isEqualTo(format == Format.V0_6 ? "BLOB" : "INTEGER");
      assertThat(tables(db).contains("acquire_write")).isEqualTo(format != Format.V0_6);
      assertThat(tables(db).contains("embedding_metadata_array")).isEqualTo(format == Format.V1_5);
      assertThat(tables(db))
          .contains("embedding_fulltext_search")
          .doesNotContain("embedding_fulltext");
      assertThat(rows(db, "SELECT id, name, tenant_id FROM databases"))
          .containsExactly(
              List.of(
                  "00000000-0000-0000-0000-000000000000", "default_database", "default_tenant"));
      assertThat(rows(db, "PRAGMA journal_mode")).containsExactly(List.of("delete"));
    }
  }

  @Test
  void python06WritesBlobSeqIdsPythonJsonAndHnswSegmentMetadata() throws Exception {
    try (ChromaStoreFixture store = ChromaStoreFixture.create(dir, Format.V0_6);
        Connection db = open()) {
      Collection c = store.createCollection("docs", "cosine", Map.of("owner", "me"));
      assertThat(rows(db, "SELECT dimension FROM collections")).containsExactly(nullRow());
      Map<String, Object> metadata = new LinkedHashMap<>();
      metadata.put("i", 1);
      metadata.put("f", 1.0);
      metadata.put("small", 1e-5);
      metadata.put("b", true);
      metadata.put("s", "é\"");
      long seq = store.add(c, "a", new float[] {1.5f, -2f}, "the doc", metadata);
      long deleted = store.delete(c, "nothing");

      assertThat(
              rows(
                  db,
                  "SELECT operation, topic, id, vector, encoding, metadata FROM embeddings_queue"
                      + " ORDER BY seq_id"))
          .containsExactly(
              List.of(
                  0L,
                  "persistent://default/default/" + c.id(),
                  "a",
                  le(1.5f, -2f),
                  "FLOAT32",
                  "{\"i\": 1, \"f\": 1.0, \"small\": 1e-05, \"b\": true, \"s\": \"\\u00e9\\\"\","
                      + " \"chroma:document\": \"the doc\"}"),
              Arrays.asList(
                  3L, "persistent://default/default/" + c.id(), "nothing", null, null, null));
      assertThat(rows(db, "SELECT seq_id FROM embeddings")).containsExactly(List.of(blob(seq)));
      assertThat(rows(db, "SELECT segment_id, seq_id FROM max_seq_id"))
          .containsExactly(List.of(c.metadataSegment(), blob(deleted)));
      assertThat(rows(db, "SELECT dimension FROM collections")).containsExactly(List.of(2L));
      assertThat(
              rows(
                  db,
                  "SELECT key, str_value FROM segment_metadata WHERE segment_id = '"
                      + c.vectorSegment()
                      + "'"))
          .containsExactly(List.of("hnsw:space", "cosine"));
      assertThat(rows(db, "SELECT key FROM collection_metadata ORDER BY key"))
          .containsExactly(List.of("hnsw:space"), List.of("owner"));
      assertThat(rows(db, "SELECT config_json_str FROM embeddings_queue_config"))
          .containsExactly(
              List.of(
                  "{\"automatically_purge\": true, \"_type\":"
                      + " \"EmbeddingsQueueConfigurationInternal\"}"));
      assertThat(rows(db, "SELECT config_json_str FROM collections").get(0).get(0).toString())
          .startsWith("{\"hnsw_configuration\": {\"space\": \"l2\", ");
      assertThat(
              rows(
                  db,
                  "SELECT key, string_value, int_value, float_value, bool_value"
                      + " FROM embedding_metadata ORDER BY key"))
          .containsExactly(
              Arrays.asList("b", null, null, null, 1L),
              Arrays.asList("chroma:document", "the doc", null, null, null),
              Arrays.asList("f", null, null, 1.0, null),
              Arrays.asList("i", null, 1L, null, null),
              Arrays.asList("s", "é\"", null, null, null),
              Arrays.asList("small", null, null, 1e-5, null));
      assertThat(rows(db, "SELECT string_value FROM embedding_fulltext_search"))
          .containsExactly(List.of("the doc"));
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Format.class,
      names = {"V1_0", "V1_3", "V1_5"})
  void rust1xWritesIntegerSeqIdsCompactJsonAndConfiguration(Format format) throws Exception {
    try (ChromaStoreFixture store = ChromaStoreFixture.create(dir, format);
        Connection db = open()) {
      Collection c = store.createCollection("docs", "ip", null);
      long seq = store.add(c, "a", new float[] {1f}, "d", Map.of("x", 0.5));
      long gone = store.delete(c, "zzz");
      assertThat(rows(db, "SELECT metadata FROM embeddings_queue ORDER BY seq_id"))
          .containsExactly(List.of("{\"x\":0.5,\"chroma:document\":\"d\"}"), List.of("{}"));
      assertThat(rows(db, "SELECT typeof(seq_id), seq_id FROM embeddings"))
          .containsExactly(List.of("integer", seq));
      assertThat(
              rows(
                  db,
                  "SELECT seq_id FROM max_seq_id WHERE segment_id = '" + c.metadataSegment() + "'"))
          .containsExactly(List.of(gone));
      assertThat(rows(db, "SELECT count(*) FROM segment_metadata")).containsExactly(List.of(0L));
      assertThat(rows(db, "SELECT count(*) FROM acquire_write")).containsExactly(List.of(1L));
      assertThat(rows(db, "SELECT config_json_str FROM embeddings_queue_config"))
          .containsExactly(
              List.of(
                  "{\"automatically_purge\":true,\"_type\":\"EmbeddingsQueueConfigurationInternal\"}"));
      String config = (String) rows(db, "SELECT config_json_str FROM collections").get(0).get(0);
      assertThat(config).startsWith("{\"vector_index\":{\"hnsw\":{\"space\":\"ip\",");
      if (format != Format.V1_0) {
        String schema = (String) rows(db, "SELECT schema_str FROM collections").get(0).get(0);
        assertThat(schema)
            .contains(
                "\"#embedding\":{\"float_list\":{\"vector_index\":{\"enabled\":true,"
                    + "\"config\":{\"space\":\"ip\"");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void metadataSegmentSemantics(Format format) throws Exception {
    try (ChromaStoreFixture store = ChromaStoreFixture.create(dir, format);
        Connection db = open()) {
      Collection c = store.createCollection("docs", "l2", null);
      store.add(c, "a", new float[] {1f, 2f}, "first", Map.of("k1", "v1", "k2", 2));
      store.add(c, "a", new float[] {9f, 9f}, "ignored", Map.of("k3", 3)); // no-op
      Map<String, Object> change = new HashMap<>();
      change.put("k1", null);
      change.put("k4", false);
      store.update(c, "a", null, "second", change);
      store.update(c, "missing", new float[] {0f, 0f}, "x", Map.of("k", 1)); // no-op
      store.upsert(c, "b", new float[] {3f, 4f}, null, Map.of("n", 1));
      store.upsert(c, "b", new float[] {5f, 6f}, "b doc", Map.of("m", 2));

      Map<String, Rec> expected = store.expected(c);
      assertThat(expected.keySet()).containsExactly("a", "b");
      assertThat(expected.get("a").document()).isEqualTo("second");
      assertThat(expected.get("a").metadata()).isEqualTo(Map.of("k2", 2L, "k4", false));
      assertThat(expected.get("a").embedding()).containsExactly(1f, 2f);
      assertThat(expected.get("b").metadata()).isEqualTo(Map.of("n", 1L, "m", 2L));
      assertThat(expected.get("b").embedding()).containsExactly(5f, 6f);

      assertThat(
              rows(
                  db,
                  "SELECT e.embedding_id, m.key FROM embeddings e JOIN embedding_metadata m"
                      + " ON m.id = e.id ORDER BY 1, 2"))
          .containsExactly(
              List.of("a", "chroma:document"),
              List.of("a", "k2"),
              List.of("a", "k4"),
              List.of("b", "chroma:document"),
              List.of("b", "m"),
              List.of("b", "n"));
      assertThat(rows(db, "SELECT string_value FROM embedding_fulltext_search ORDER BY rowid"))
          .containsExactly(List.of("second"), List.of("b doc"));

      store.delete(c, "a");
      assertThat(store.expected(c).keySet()).containsExactly("b");
      assertThat(rows(db, "SELECT count(*) FROM embedding_metadata")).containsExactly(List.of(3L));
      assertThat(rows(db, "SELECT count(*) FROM embedding_fulltext_search"))
          .containsExactly(List.of(1L));
    }
  }

  @Test
  void arraysAreRowsOfTheArrayTableIn15() throws Exception {
    try (ChromaStoreFixture store = ChromaStoreFixture.create(dir, Format.V1_5);
        Connection db = open()) {
      Collection c = store.createCollection("docs", "l2", null);
      store.add(c, "a", new float[] {1f}, null, Map.of("tags", List.of("x", "y"), "k", 1));
      store.update(c, "a", null, null, Map.of("k", List.of(1, 2, 3)));

      assertThat(store.expected(c).get("a").metadata())
          .isEqualTo(Map.of("tags", List.of("x", "y"), "k", List.of(1L, 2L, 3L)));
      assertThat(
              rows(
                  db,
                  "SELECT key, string_value, int_value FROM embedding_metadata_array ORDER BY rowid"))
          .containsExactly(
              Arrays.asList("tags", "x", null),
              Arrays.asList("tags", "y", null),
              Arrays.asList("k", null, 1L),
              Arrays.asList("k", null, 2L),
              Arrays.asList("k", null, 3L));
      assertThat(rows(db, "SELECT count(*) FROM embedding_metadata")).containsExactly(List.of(0L));
      assertThat(rows(db, "SELECT metadata FROM embeddings_queue ORDER BY seq_id").get(1))
          .containsExactly("{\"k\":[1,2,3]}");
    }
    assertThatThrownBy(
            () -> {
              try (ChromaStoreFixture old =
                  ChromaStoreFixture.create(dir.resolve("old"), Format.V1_3)) {
                Collection c = old.createCollection("docs", "l2", null);
                old.add(c, "a", new float[] {1f}, null, Map.of("tags", List.of("x")));
              }
            })
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("V1_5");
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void withoutAutomaticPurgeTheQueueKeepsEverything(Format format) throws Exception {
    try (ChromaStoreFixture store =
            ChromaStoreFixture.create(dir, format).syncThreshold(2).automaticallyPurge(false);
        Connection db = open()) {
      Collection c = store.createCollection("docs", "l2", null);
      for (int i = 0; i < 5; i++) {
        store.add(c, "r" + i, new float[] {i}, null, null);
      }
      assertThat(rows(db, "SELECT count(*) FROM embeddings_queue")).containsExactly(List.of(5L));
      assertThat(Files.exists(dir.resolve(c.vectorSegment()).resolve("index_metadata.pickle")))
          .isTrue();
      assertThat(rows(db, "SELECT config_json_str FROM embeddings_queue_config").get(0).get(0))
          .asString()
          .contains("false");
    }
  }

  @Test
  void closeDoesNotFlushTheInMemoryIndex() throws Exception {
    Collection c;
    try (ChromaStoreFixture store = ChromaStoreFixture.create(dir, Format.V1_0)) {
      c = store.createCollection("docs", "l2", null);
      store.add(c, "a", new float[] {1f}, null, null);
    }
    try (HnswSegment segment = HnswSegment.open(dir.resolve(c.vectorSegment()), 1, false)) {
      assertThat(segment.isEmpty()).isTrue();
    }
    assertThat(Files.exists(dir.resolve(c.vectorSegment()).resolve("header.bin"))).isTrue();
  }

  // ---------------------------------------------------------------------------------------------

  private Connection open() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("chroma.sqlite3"));
  }

  private static List<List<Object>> rows(Connection db, String sql) throws SQLException {
    List<List<Object>> rows = new ArrayList<>();
    try (PreparedStatement ps = db.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          Object v = rs.getObject(i);
          if (v instanceof Integer integer) {
            v = integer.longValue();
          }
          row.add(v instanceof byte[] b ? ByteBuffer.wrap(b) : v);
        }
        rows.add(row);
      }
    }
    return rows;
  }

  private static List<String> columns(Connection db, String table) throws SQLException {
    List<String> names = new ArrayList<>();
    for (List<Object> row : rows(db, "PRAGMA table_info(" + table + ")")) {
      names.add((String) row.get(1));
    }
    return names;
  }

  private static String type(Connection db, String table, String column) throws SQLException {
    for (List<Object> row : rows(db, "PRAGMA table_info(" + table + ")")) {
      if (row.get(1).equals(column)) {
        return (String) row.get(2);
      }
    }
    throw new AssertionError(column);
  }

  private static List<String> tables(Connection db) throws SQLException {
    List<String> names = new ArrayList<>();
    for (List<Object> row : rows(db, "SELECT name FROM sqlite_master WHERE type = 'table'")) {
      names.add((String) row.get(0));
    }
    return names;
  }

  private static List<Object> nullRow() {
    return Arrays.asList((Object) null);
  }

  private static ByteBuffer blob(long seq) {
    return ByteBuffer.allocate(8).putLong(0, seq);
  }

  private static ByteBuffer le(float... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putFloat(v);
    }
    return b.flip().order(ByteOrder.BIG_ENDIAN);
  }
}
