package io.tributary.source.chroma.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.value.JsonText;
import io.tributary.source.chroma.catalog.ChromaTables;
import io.tributary.source.chroma.store.ChromaStore;
import io.tributary.source.sqlite.capture.ChunkRows;
import io.tributary.source.sqlite.capture.FakeTaskContext;
import io.tributary.source.sqlite.capture.SqliteCaptureInstaller;
import io.tributary.source.sqlite.capture.SqliteConnectorConfig;
import io.tributary.testing.ChromaStoreFixture;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ChromaSourceTaskTest {
  private static final ObjectMapper PLAIN = new ObjectMapper();

  @TempDir Path dir;

  private ChromaSourceTask start(List<TableDef> tables) throws Exception {
    return start(tables, null);
  }

  private ChromaSourceTask start(List<TableDef> tables, Map<String, Object> storedOffset)
      throws Exception {
    ChromaSourceTask task = new ChromaSourceTask();
    task.initialize(new FakeTaskContext(storedOffset));
    Map<String, String> config = new HashMap<>();
    config.put(SqliteConnectorConfig.PATH, dir.toString());
    config.put(SqliteConnectorConfig.MIGRATION, "demo");
    config.put(SqliteConnectorConfig.SOURCE, "memories");
    config.put(SqliteConnectorConfig.TARGET_SCHEMA, "memories");
    config.put(SqliteConnectorConfig.TABLES, ChangeEventCodec.MAPPER.writeValueAsString(tables));
    tables.forEach(t -> captured.put(t.topic(), t));
    config.put(SqliteConnectorConfig.SNAPSHOT_FETCH_SIZE, "9");
    config.put(SqliteConnectorConfig.POLL_INTERVAL_MS, "1");
    config.put(SqliteConnectorConfig.TRIM_INTERVAL_MS, "0");
    task.start(config);
    return task;
  }

  /**
   * Polls until the task runs dry; applies each record to {@code replica} as apply would.
   *
   * @return the offset of the last record
   */
  /** The tables of the tasks started, by topic. */
  private final Map<String, TableDef> captured = new HashMap<>();

  @SuppressWarnings("unchecked")
  private Map<String, Object> drain(
      ChromaSourceTask task, Map<String, Map<String, JsonNode>> replica) throws Exception {
    Map<String, Object> offset = null;
    for (int i = 0; i < 10_000; i++) {
      List<SourceRecord> records = task.poll();
      if (records == null) {
        return offset;
      }
      for (SourceRecord r : records) {
        task.commitRecord(r, null);
        offset = (Map<String, Object>) r.sourceOffset();
        if (r.topic().equals("tributary.capture")) {
          continue;
        }
        if (ChunkRows.isChunk(r)) {
          TableDef table = captured.get((String) r.key());
          Map<String, JsonNode> rows = replica.computeIfAbsent(table.topic(), t -> new TreeMap<>());
          for (ChunkRows.Row row : ChunkRows.rows(r, table)) {
            ObjectNode after = PLAIN.createObjectNode();
            for (int c = 0; c < row.values().length; c++) {
              after.set(table.columns().get(c).name(), json(row.values()[c]));
            }
            rows.put(after.get("id").textValue(), after);
          }
          continue;
        }
        JsonNode value = PLAIN.readTree((byte[]) r.value());
        Map<String, JsonNode> rows = replica.computeIfAbsent(r.topic(), t -> new TreeMap<>());
        String id = PLAIN.readTree((String) r.key()).get("id").textValue();
        if ("d".equals(value.get("op").textValue())) {
          rows.remove(id);
        } else {
          rows.put(id, value.get("after"));
        }
      }
    }
    throw new IllegalStateException("the task never ran dry");
  }

  /** A value of a chunk's row as its change event would carry it. */
  private static JsonNode json(Object value) {
    if (value instanceof float[] vector) {
      ArrayNode array = PLAIN.createArrayNode();
      for (float f : vector) {
        array.add(f);
      }
      return array;
    }
    if (value instanceof JsonText text) {
      return TextNode.valueOf(text.text());
    }
    return PLAIN.valueToTree(value);
  }

  private static void assertReplica(
      Map<String, JsonNode> rows, Map<String, ChromaStoreFixture.Rec> expected) {
    assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    for (ChromaStoreFixture.Rec rec : expected.values()) {
      JsonNode row = rows.get(rec.id());
      assertThat(row.get("document").isNull() ? null : row.get("document").textValue())
          .as(rec.id())
          .isEqualTo(rec.document());
      float[] vector = new float[row.get("embedding").size()];
      for (int i = 0; i < vector.length; i++) {
        vector[i] = Float.parseFloat(row.get("embedding").get(i).asText());
      }
      assertThat(bits(vector)).as(rec.id()).isEqualTo(bits(rec.embedding()));
      if (rec.metadata() == null || rec.metadata().isEmpty()) {
        assertThat(row.get("metadata").isNull()).as(rec.id()).isTrue();
      } else {
        assertThat(row.get("metadata").isTextual()).isTrue();
      }
    }
  }

  private static int[] bits(float[] v) {
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = Float.floatToRawIntBits(v[i]);
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(
      value = ChromaStoreFixture.Format.class,
      names = {"V0_6", "V1_3"})
  @DisplayName(
      "A Chroma store is snapshotted then followed: every record once, as Chroma holds it;"
          + " adds, updates, upserts and deletes written meanwhile arrive; Chroma's purge is held"
          + " back while capture is installed, and removing capture removes its triggers")
  void snapshotsThenFollowsTheQueue(ChromaStoreFixture.Format format) throws Exception {
    Random random = new Random(7);
    try (ChromaStoreFixture fixture = ChromaStoreFixture.create(dir, format).syncThreshold(15)) {
      ChromaStoreFixture.Collection notes = fixture.createCollection("notes", "cosine", Map.of());
      ChromaStoreFixture.Collection docs = fixture.createCollection("docs", "l2", Map.of());
      for (int i = 0; i < 40; i++) {
        fixture.add(notes, "n" + i, vector(random, 6), "note " + i, Map.of("i", (long) i));
        fixture.add(docs, "d" + i, vector(random, 3), null, Map.of("f", i + 0.25));
      }
      ChromaStore store = ChromaStore.read(dir);
      List<TableDef> tables = new ArrayList<>();
      for (String name : List.of("docs", "notes")) {
        tables.add(
            ChromaTables.table(store.collection(name).orElseThrow(), "demo", "memories", "mem"));
      }
      ChromaSourceTask task = start(tables);
      Map<String, Map<String, JsonNode>> replica = new TreeMap<>();
      try {
        drain(task, replica);
        assertReplica(replica.get("tributary.demo.memories.main.notes"), fixture.expected(notes));
        assertReplica(replica.get("tributary.demo.memories.main.docs"), fixture.expected(docs));

        long queued = queueRows();
        fixture.update(notes, "n1", vector(random, 6), "note 1, edited", null);
        fixture.upsert(notes, "n99", vector(random, 6), "new", Map.of("i", 99L));
        fixture.delete(notes, "n2");
        fixture.delete(docs, "d5");
        for (int i = 40; i < 60; i++) {
          fixture.add(docs, "d" + i, vector(random, 3), "late", null); // past a persist
        }
        drain(task, replica);
        assertReplica(replica.get("tributary.demo.memories.main.notes"), fixture.expected(notes));
        assertReplica(replica.get("tributary.demo.memories.main.docs"), fixture.expected(docs));
        // the queue kept every record written since capture started
        assertThat(queueRows()).isEqualTo(queued + 24);
      } finally {
        task.stop();
      }
      new SqliteCaptureInstaller(
              ChromaStore.database(dir),
              Duration.ofSeconds(1),
              (c, t) -> ChromaCaptureStatementBuilder.triggers())
          .uninstall("demo/memories");
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + ChromaStore.database(dir));
          Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "SELECT count(*) FROM sqlite_master WHERE name LIKE '\\_tributary\\_%' ESCAPE"
                      + " '\\'")) {
        rs.next();
        assertThat(rs.getLong(1)).isZero();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = ChromaStoreFixture.Format.class,
      names = {"V0_6", "V1_0"})
  @DisplayName(
      "A capture restarted from its stored offset goes on where it stopped: what Chroma queued"
          + " while it was down arrives, nothing is snapshotted again")
  void restartsFromItsOffset(ChromaStoreFixture.Format format) throws Exception {
    Random random = new Random(3);
    try (ChromaStoreFixture fixture = ChromaStoreFixture.create(dir, format).syncThreshold(10)) {
      ChromaStoreFixture.Collection notes = fixture.createCollection("notes", "cosine", Map.of());
      for (int i = 0; i < 25; i++) {
        fixture.add(notes, "n" + i, vector(random, 4), "note " + i, null);
      }
      ChromaStore store = ChromaStore.read(dir);
      List<TableDef> tables =
          List.of(
              ChromaTables.table(store.collection("notes").orElseThrow(), "demo", "memories", "m"));
      Map<String, Map<String, JsonNode>> replica = new TreeMap<>();
      ChromaSourceTask first = start(tables);
      Map<String, Object> offset;
      try {
        offset = drain(first, replica);
      } finally {
        first.stop();
      }
      // written while capture is down, past a persist of the HNSW segment
      for (int i = 25; i < 40; i++) {
        fixture.add(notes, "n" + i, vector(random, 4), "late " + i, null);
      }
      fixture.delete(notes, "n0");
      fixture.update(notes, "n1", vector(random, 4), "edited", Map.of("k", true));
      ChromaSourceTask second = start(tables, offset);
      try {
        List<SourceRecord> all = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
          List<SourceRecord> records = second.poll();
          if (records == null) {
            break;
          }
          all.addAll(records);
        }
        assertThat(all).noneMatch(r -> r.topic().equals("tributary.capture"));
        Map<String, Map<String, JsonNode>> changes = new TreeMap<>();
        for (SourceRecord r : all) {
          JsonNode value = PLAIN.readTree((byte[]) r.value());
          assertThat(value.get("op").textValue()).isIn("c", "u", "d");
          String id = PLAIN.readTree((String) r.key()).get("id").textValue();
          Map<String, JsonNode> rows = replica.computeIfAbsent(r.topic(), t -> new TreeMap<>());
          if ("d".equals(value.get("op").textValue())) {
            rows.remove(id);
          } else {
            rows.put(id, value.get("after"));
          }
          changes.computeIfAbsent(r.topic(), t -> new TreeMap<>()).put(id, value);
        }
        assertThat(changes.get("tributary.demo.memories.main.notes")).hasSize(17);
        assertReplica(replica.get("tributary.demo.memories.main.notes"), fixture.expected(notes));
      } finally {
        second.stop();
      }
    }
  }

  @Test
  @DisplayName(
      "Chroma 1.x queues a write, then applies it to the metadata segment: until it has, capture"
          + " waits instead of reading the record as it was")
  void waitsForTheMetadataSegmentToCatchUp() throws Exception {
    try (ChromaStoreFixture fixture =
        ChromaStoreFixture.create(dir, ChromaStoreFixture.Format.V1_0)) {
      ChromaStoreFixture.Collection notes = fixture.createCollection("notes", "l2", Map.of());
      fixture.add(notes, "a", new float[] {1, 2}, "first", null);
      ChromaStore store = ChromaStore.read(dir);
      List<TableDef> tables =
          List.of(ChromaTables.table(store.collection("notes").orElseThrow(), "demo", "mem", "m"));
      Map<String, Map<String, JsonNode>> replica = new TreeMap<>();
      ChromaSourceTask task = start(tables);
      try {
        drain(task, replica);
        long seq;
        try (Connection c =
                DriverManager.getConnection("jdbc:sqlite:" + ChromaStore.database(dir));
            Statement st = c.createStatement()) {
          // the first of Chroma's two transactions: queued, not yet applied
          st.executeUpdate(
              "INSERT INTO embeddings_queue (operation, topic, id, vector, encoding, metadata)"
                  + " VALUES (3, 'persistent://default/default/"
                  + notes.id()
                  + "', 'a', NULL, NULL, '{}')");
          try (ResultSet rs = st.executeQuery("SELECT max(seq_id) FROM embeddings_queue")) {
            rs.next();
            seq = rs.getLong(1);
          }
        }
        for (int i = 0; i < 5; i++) {
          assertThat(task.poll()).as("poll %d while the segment lags", i).isNull();
        }
        assertThat(replica.get("tributary.demo.mem.main.notes")).containsOnlyKeys("a");
        try (Connection c =
                DriverManager.getConnection("jdbc:sqlite:" + ChromaStore.database(dir));
            Statement st = c.createStatement()) {
          // the second: the delete applied to the metadata segment
          st.executeUpdate(
              "DELETE FROM embedding_metadata WHERE id IN (SELECT id FROM"
                  + " embeddings WHERE embedding_id = 'a')");
          st.executeUpdate("DELETE FROM embeddings WHERE embedding_id = 'a'");
          st.executeUpdate(
              "UPDATE max_seq_id SET seq_id = "
                  + seq
                  + " WHERE segment_id = '"
                  + notes.metadataSegment()
                  + "'");
        }
        drain(task, replica);
        assertThat(replica.get("tributary.demo.mem.main.notes")).isEmpty();
      } finally {
        task.stop();
      }
    }
  }

  @Test
  @DisplayName(
      "A captured collection deleted and created again under its name stops capture with an error"
          + " naming it; a new collection beside it is no concern of this capture")
  void aRecreatedCollectionStopsCapture() throws Exception {
    try (ChromaStoreFixture fixture =
        ChromaStoreFixture.create(dir, ChromaStoreFixture.Format.V1_3)) {
      ChromaStoreFixture.Collection notes = fixture.createCollection("notes", "l2", Map.of());
      fixture.add(notes, "a", new float[] {1, 2}, "first", null);
      ChromaStore store = ChromaStore.read(dir);
      List<TableDef> tables =
          List.of(ChromaTables.table(store.collection("notes").orElseThrow(), "demo", "mem", "m"));
      Map<String, Map<String, JsonNode>> replica = new TreeMap<>();
      ChromaSourceTask task = start(tables);
      try {
        drain(task, replica);
        ChromaStoreFixture.Collection other = fixture.createCollection("other", "l2", Map.of());
        fixture.add(other, "x", new float[] {3, 4}, null, null);
        drain(task, replica);
        assertThat(replica).containsOnlyKeys("tributary.demo.mem.main.notes");
        try (Connection c =
                DriverManager.getConnection("jdbc:sqlite:" + ChromaStore.database(dir));
            Statement st = c.createStatement()) {
          st.executeUpdate("DELETE FROM segments WHERE collection = '" + notes.id() + "'");
          st.executeUpdate("DELETE FROM collections WHERE id = '" + notes.id() + "'");
        }
        ChromaStoreFixture.Collection again = fixture.createCollection("notes", "l2", Map.of());
        fixture.add(again, "b", new float[] {5, 6}, "second life", null);
        assertThatThrownBy(() -> drain(task, replica))
            .isInstanceOf(ConnectException.class)
            .hasMessageContaining("The collection 'notes' (" + notes.id() + ")")
            .hasMessageContaining("was deleted, renamed or created again while it was captured")
            .hasMessageContaining("its name now belongs to " + again.id());
      } finally {
        task.stop();
      }
    }
  }

  private long queueRows() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + ChromaStore.database(dir));
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM embeddings_queue")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static float[] vector(Random random, int dimensions) {
    float[] v = new float[dimensions];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return v;
  }
}
