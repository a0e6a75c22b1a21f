package io.tributary.orchestrator.cutover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.tributary.auth.Operator;
import io.tributary.orchestrator.SqliteSourcesTestResource;
import io.tributary.testing.ChromaStoreFixture;
import io.tributary.testing.TributaryTestResource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Seed 004's chat application: its SQLite file and its Chroma store (written as Chroma 0.6 and as
 * Chroma 1.5 write them: three collections of different dimensions and distances, metadata of every
 * type, updates and deletes in the queue, older vectors only in the HNSW files) migrate in one
 * plan, into two schemas, through the real pipeline: every table validates MATCH, the vectors
 * arrive bit for bit, nearest-neighbour searches with the collection's distance return what a
 * brute-force search over the source returns, writes made while replicating arrive, and the cutover
 * freezes the store and builds each collection's HNSW index with its distance's operator class.
 */
@QuarkusTest
@WithTestResource(TributaryTestResource.class)
@WithTestResource(SqliteSourcesTestResource.class)
class ChromaMigrationIT {
  private static final Logger LOG = Logger.getLogger(ChromaMigrationIT.class);
  private static final Duration WAIT = Duration.ofMinutes(3);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** name, distance, dimension, records. */
  private static final Object[][] COLLECTIONS = {
    {"stoic_texts", "cosine", 64, 150}, {"insights", "l2", 24, 90}, {"faces", "ip", 16, 40}
  };

  @ConfigProperty(name = TributaryTestResource.JDBC_URL)
  String jdbcUrl;

  @ConfigProperty(name = TributaryTestResource.DATABASE)
  String database;

  @ConfigProperty(name = "quarkus.datasource.username")
  String user;

  @ConfigProperty(name = "quarkus.datasource.password")
  String password;

  @BeforeEach
  void services() throws Exception {
    CutoverServices.ensure(database);
  }

  private static float[] vector(Random random, int dimensions) {
    float[] v = new float[dimensions];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return v;
  }

  private static Map<String, Object> metadata(ChromaStoreFixture.Format format, int i) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("chunk", (long) i);
    m.put("weight", i / 4.0);
    m.put("round", 3.0);
    m.put("reviewed", i % 2 == 0);
    m.put("source", "Meditations, book " + (i % 12 + 1));
    if (format == ChromaStoreFixture.Format.V1_5 && i % 3 == 0) {
      m.put("tags", List.of("stoic", "virtue"));
    }
    return m;
  }

  /** The chat application's own SQLite file: users, sessions and messages. */
  private static Path chatDatabase(Path dir) throws SQLException {
    Path file = dir.resolve("stoic_emperor.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE users (id TEXT PRIMARY KEY, name TEXT NOT NULL)");
      st.execute(
          "CREATE TABLE sessions (id TEXT PRIMARY KEY, user_id TEXT REFERENCES users(id),"
              + " created_at TEXT)");
      st.execute(
          "CREATE TABLE messages (id INTEGER PRIMARY KEY, session_id TEXT REFERENCES"
              + " sessions(id), role TEXT, content TEXT, psych_update TEXT)");
      st.execute("INSERT INTO users VALUES ('u1', 'Marcus')");
      st.execute("INSERT INTO sessions VALUES ('s1', 'u1', '2026-11-20T10:00:00Z')");
      for (int i = 1; i <= 25; i++) {
        st.execute(
            "INSERT INTO messages (session_id, role, content, psych_update) VALUES ('s1', '"
                + (i % 2 == 0 ? "assistant" : "user")
                + "', 'message "
                + i
                + "', '{\"mood\": "
                + i
                + "}')");
      }
    }
    return file;
  }

  /** The store: every collection written past a persist, then updated, upserted and deleted. */
  private static Map<String, ChromaStoreFixture.Collection> fill(
      ChromaStoreFixture fixture, ChromaStoreFixture.Format format) {
    Random random = new Random(2026);
    Map<String, ChromaStoreFixture.Collection> out = new LinkedHashMap<>();
    for (Object[] shape : COLLECTIONS) {
      String name = (String) shape[0];
      int dimensions = (Integer) shape[2];
      int records = (Integer) shape[3];
      ChromaStoreFixture.Collection c =
          fixture.createCollection(name, (String) shape[1], Map.of("app", "stoic-emperor"));
      List<ChromaStoreFixture.Rec> batch = new ArrayList<>();
      for (int i = 0; i < records; i++) {
        batch.add(
            new ChromaStoreFixture.Rec(
                name + "-" + i,
                vector(random, dimensions),
                i % 9 == 8 ? null : "passage " + i + " of " + name,
                i % 11 == 10 ? null : metadata(format, i)));
      }
      fixture.addBatch(c, batch.subList(0, records / 2));
      for (ChromaStoreFixture.Rec rec : batch.subList(records / 2, records)) {
        fixture.add(c, rec.id(), rec.embedding(), rec.document(), rec.metadata());
      }
      Map<String, Object> merge = new HashMap<>();
      merge.put("source", null);
      merge.put("reviewed", true);
      fixture.update(c, name + "-1", null, "passage 1, corrected", merge);
      fixture.update(c, name + "-2", vector(random, dimensions), null, null);
      fixture.upsert(c, name + "-3", vector(random, dimensions), "upserted", metadata(format, 3));
      fixture.delete(c, name + "-4");
      out.put(name, c);
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(
      value = ChromaStoreFixture.Format.class,
      names = {"V0_6", "V1_5"})
  @DisplayName(
      "A chat application's SQLite file and Chroma store migrate in one plan: every table MATCH,"
          + " vectors bit for bit, top-10 searches equal brute force, writes while replicating"
          + " arrive, the cutover freezes the store and indexes each collection by its distance")
  void migratesSqliteAndChroma(ChromaStoreFixture.Format format) throws Exception {
    String migration = "stoic-" + UUID.randomUUID().toString().substring(0, 6);
    String schema = migration.replace('-', '_');
    // 0.6 into two schemas, 1.5 into the chat application's one schema
    String vectors = format == ChromaStoreFixture.Format.V0_6 ? schema + "_vectors" : schema;
    Path dir = SqliteSourcesTestResource.newDirectory("stoic-").toAbsolutePath();
    Path chat = chatDatabase(dir);
    Path store = dir.resolve("vector_db");
    try (ChromaStoreFixture fixture = ChromaStoreFixture.create(store, format).syncThreshold(40)) {
      Map<String, ChromaStoreFixture.Collection> collections = fill(fixture, format);
      String plan =
          """
          migration: %s
          sources:
            - name: stoic-emperor
              kind: sqlite
              path: %s
              schema: %s
            - name: stoic-vectors
              kind: chroma
              path: %s
              schema: %s
          cutover:
            timeouts: { drain: 30s, validate: 60s }
            actions:
              - env-file: { path: %s, source: stoic-emperor }
          """
              .formatted(migration, chat, schema, store, vectors, dir.resolve("stoic.env"));
      JsonPath created =
          Operator.given()
              .contentType("application/yaml")
              .body(plan.getBytes(StandardCharsets.UTF_8))
              .when()
              .post("/migrations")
              .then()
              .statusCode(201)
              .extract()
              .jsonPath();
      assertThat(created.getList("notes", String.class))
          .anySatisfy(n -> assertThat(n).contains("Chroma store " + store + ": Chroma"));
      CutoverApi.awaitState(migration, "REPLICATING", WAIT);
      assertThat(CutoverApi.migration(migration).getList("tables.sourceTable", String.class))
          .containsExactlyInAnyOrder(
              "users", "sessions", "messages", "stoic_texts", "insights", "faces");
      awaitAllMatch(migration);
      for (ChromaStoreFixture.Collection c : collections.values()) {
        assertTarget(vectors, c.name(), fixture.expected(c));
        assertNearest(vectors, c, fixture.expected(c), new Random(c.name().hashCode()), false);
      }
      deepValidationNamesATamperedRecord(migration, vectors, fixture, collections.get("insights"));

      // the application keeps writing while Tributary replicates
      Random later = new Random(9);
      ChromaStoreFixture.Collection texts = collections.get("stoic_texts");
      long written = System.nanoTime();
      fixture.add(texts, "stoic_texts-new", vector(later, 64), "new passage", metadata(format, 7));
      fixture.update(texts, "stoic_texts-5", vector(later, 64), "rewritten", Map.of("chunk", 55L));
      fixture.delete(texts, "stoic_texts-6");
      fixture.upsert(
          collections.get("faces"), "faces-new", vector(later, 16), null, Map.of("x", 1.5));
      Map<String, ChromaStoreFixture.Rec> expectedTexts = fixture.expected(texts);
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(50))
          .untilAsserted(() -> assertTarget(vectors, "stoic_texts", expectedTexts));
      LOG.infof(
          "Chroma %s: an add, an update and a delete arrived in the target %d ms after they were"
              + " written",
          format, (System.nanoTime() - written) / 1_000_000);
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> assertTarget(vectors, "faces", fixture.expected(collections.get("faces"))));
      awaitAllMatch(migration);

      CutoverApi.cutover(migration, "the chat application moves to PostgreSQL");
      JsonPath outcome = CutoverApi.awaitOutcome(migration, WAIT);
      assertThat(outcome.getString("outcome")).as(outcome.prettify()).isEqualTo("cut_over");
      assertThatThrownBy(() -> fixture.add(texts, "too-late", vector(later, 64), "x", null))
          .hasStackTraceContaining("moved to PostgreSQL");
      for (ChromaStoreFixture.Collection c : collections.values()) {
        assertTarget(vectors, c.name(), fixture.expected(c));
        assertNearest(vectors, c, fixture.expected(c), new Random(c.name().length()), true);
      }
      assertIndex(vectors, "stoic_texts", "vector_cosine_ops");
      assertIndex(vectors, "insights", "vector_l2_ops");
      assertIndex(vectors, "faces", "vector_ip_ops");
      try (Connection c = target();
          Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "SELECT obj_description('\"" + vectors + "\".faces'::regclass, 'pg_class')")) {
        rs.next();
        assertThat(rs.getString(1))
            .startsWith("Chroma collection 'faces' (id ")
            .contains("distance ip (pgvector <#>, vector_ip_ops); dimension 16");
      }
    }
  }

  /**
   * A value changed in the target behind apply's back: a deep validation of the collection names
   * the record and the column; once the application writes the record again, it is repaired.
   */
  private void deepValidationNamesATamperedRecord(
      String migration,
      String schema,
      ChromaStoreFixture fixture,
      ChromaStoreFixture.Collection insights)
      throws Exception {
    try (Connection c = target();
        Statement st = c.createStatement()) {
      assertThat(
              st.executeUpdate(
                  "UPDATE \""
                      + schema
                      + "\".insights SET metadata = jsonb_set(metadata, '{chunk}', '999')"
                      + " WHERE id = 'insights-12'"))
          .isEqualTo(1);
    }
    // PENDING while the store was written within the validator's settle time, then MISMATCH
    AtomicReference<JsonPath> deep = new AtomicReference<>();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              deep.set(
                  CutoverApi.deepValidation(
                      migration, Map.of("source", "stoic-vectors", "table", "insights"), WAIT));
              assertThat(deep.get().getString("results[0].status"))
                  .as(deep.get().prettify())
                  .isEqualTo("MISMATCH");
            });
    long result = deep.get().getLong("results[0].validationId");
    JsonPath differences =
        Operator.given()
            .get("/migrations/{id}/validation/results/{vid}/differences", migration, result)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(differences.getString("differences[0].key.id")).isEqualTo("insights-12");
    assertThat(differences.getString("differences[0].kind")).isEqualTo("differing");
    assertThat(differences.getString("differences[0].columns")).contains("metadata");
    // the application touches the record: capture publishes it as Chroma holds it again
    fixture.update(insights, "insights-12", null, "passage 12 of insights, read again", null);
    Map<String, ChromaStoreFixture.Rec> expected = fixture.expected(insights);
    await().atMost(WAIT).untilAsserted(() -> assertTarget(schema, "insights", expected));
  }

  @Test
  @DisplayName(
      "Two sources may share a target schema, not a target table: a SQLite table and a"
          + " collection of the same name in one schema are refused, naming both")
  void sourcesSharingASchemaMustNotShareATable() throws Exception {
    Path dir = SqliteSourcesTestResource.newDirectory("chroma-shared-").toAbsolutePath();
    Path file = dir.resolve("notes.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");
    }
    Path store = dir.resolve("vector_db");
    try (ChromaStoreFixture fixture =
        ChromaStoreFixture.create(store, ChromaStoreFixture.Format.V1_3)) {
      fixture.createCollection("notes", "cosine", Map.of());
    }
    assertRefused(
        """
        migration: shared-schema
        sources:
          - { name: app, kind: sqlite, path: %s, schema: shared_app }
          - { name: app-vectors, kind: chroma, path: %s, schema: shared_app }
        """
            .formatted(file, store),
        "sources[1].path",
        "table 'app-vectors/main.notes' would go to shared_app.notes, which table"
            + " 'app/main.notes' fills already");
  }

  @Test
  @DisplayName(
      "A directory that is no Chroma store, a store of a format this version cannot read and a"
          + " collection the store lacks are each refused with a 400 naming them")
  void badStoresAreRefused() throws Exception {
    Path dir = SqliteSourcesTestResource.newDirectory("chroma-bad-").toAbsolutePath();
    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertRefused(
        plan("bad-a", empty, null),
        "sources[0].path",
        "not a Chroma persistent directory: " + empty + " has no chroma.sqlite3");
    Path future = dir.resolve("future");
    try (ChromaStoreFixture fixture =
        ChromaStoreFixture.create(future, ChromaStoreFixture.Format.V1_5)) {
      fixture.createCollection("notes", "l2", Map.of());
    }
    try (Connection c =
            DriverManager.getConnection("jdbc:sqlite:" + future.resolve("chroma.sqlite3"));
        Statement st = c.createStatement()) {
      st.execute(
          "INSERT INTO migrations (dir, version, filename, sql, hash)"
              + " VALUES ('metadb', 7, '00007-future.sqlite.sql', '', '')");
    }
    assertRefused(
        plan("bad-b", future, null),
        "sources[0].path",
        "has a format newer than this version reads");
    Path store = dir.resolve("store");
    try (ChromaStoreFixture fixture =
        ChromaStoreFixture.create(store, ChromaStoreFixture.Format.V0_6)) {
      fixture.createCollection("notes", "l2", Map.of());
    }
    assertRefused(
        plan("bad-c", store, "[notes, Memories]"),
        "sources[0].collections[1]",
        "has no collection 'Memories' (names are case-sensitive; its collections: notes)");
  }

  private static String plan(String migration, Path store, String collections) {
    return """
        migration: %s
        sources:
          - name: memories
            kind: chroma
            path: %s
        %s
        """
        .formatted(migration, store, collections == null ? "" : "    collections: " + collections);
  }

  private static void assertRefused(String plan, String field, String message) {
    JsonPath errors =
        Operator.given()
            .contentType("application/yaml")
            .body(plan.getBytes(StandardCharsets.UTF_8))
            .when()
            .post("/migrations")
            .then()
            .statusCode(400)
            .extract()
            .jsonPath();
    assertThat(errors.getList("errors.field", String.class)).containsExactly(field);
    assertThat(errors.getString("errors[0].message")).contains(message);
  }

  private static void awaitAllMatch(String migration) {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        CutoverApi.migration(migration)
                            .getList("tables.validation.status", String.class))
                    .hasSize(6)
                    .containsOnly("MATCH"));
  }

  private Connection target() throws SQLException {
    return DriverManager.getConnection(jdbcUrl, user, password);
  }

  /** The target table holds exactly the records Chroma holds: documents, metadata, vectors. */
  private void assertTarget(
      String schema, String table, Map<String, ChromaStoreFixture.Rec> expected) throws Exception {
    Map<String, String[]> rows = new TreeMap<>();
    try (Connection c = target();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT id, document, metadata::text, embedding::text FROM \""
                    + schema
                    + "\".\""
                    + table
                    + "\"")) {
      while (rs.next()) {
        rows.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3), rs.getString(4)});
      }
    }
    assertThat(rows.keySet()).as(table).containsExactlyElementsOf(new TreeMap<>(expected).keySet());
    for (ChromaStoreFixture.Rec rec : expected.values()) {
      String[] row = rows.get(rec.id());
      assertThat(row[0]).as(rec.id()).isEqualTo(rec.document());
      assertMetadata(row[1], rec.metadata(), rec.id());
      assertThat(bits(parse(row[2]))).as(rec.id()).isEqualTo(bits(rec.embedding()));
    }
  }

  private static void assertMetadata(String json, Map<String, Object> expected, String id)
      throws Exception {
    if (expected == null || expected.isEmpty()) {
      assertThat(json).as(id).isNull();
      return;
    }
    JsonNode node = JSON.readTree(json);
    assertThat(node.size()).as(id).isEqualTo(expected.size());
    expected.forEach((key, value) -> assertValue(node.get(key), value, id + "." + key));
  }

  private static void assertValue(JsonNode v, Object value, String what) {
    assertThat(v).as(what).isNotNull();
    if (value instanceof Long l) {
      assertThat(v.isIntegralNumber() && v.longValue() == l).as(what + " = " + v).isTrue();
    } else if (value instanceof Double d) {
      assertThat(v.isFloatingPointNumber() && v.doubleValue() == d).as(what + " = " + v).isTrue();
    } else if (value instanceof Boolean b) {
      assertThat(v.isBoolean() && v.booleanValue() == b).as(what + " = " + v).isTrue();
    } else if (value instanceof List<?> list) {
      assertThat(v.isArray() && v.size() == list.size()).as(what + " = " + v).isTrue();
      for (int i = 0; i < list.size(); i++) {
        assertValue(v.get(i), list.get(i), what + "[" + i + "]");
      }
    } else {
      assertThat(v.isTextual() && v.textValue().equals(value)).as(what + " = " + v).isTrue();
    }
  }

  /**
   * For 20 query vectors, the 10 nearest records by the collection's distance in pgvector equal a
   * brute-force search over the records Chroma holds.
   *
   * @param indexed the HNSW index exists (after finalize): searched with a wide candidate list
   */
  private void assertNearest(
      String schema,
      ChromaStoreFixture.Collection collection,
      Map<String, ChromaStoreFixture.Rec> records,
      Random random,
      boolean indexed)
      throws SQLException {
    String operator =
        switch (collection.space()) {
          case "cosine" -> "<=>";
          case "ip" -> "<#>";
          default -> "<->";
        };
    int dimensions = records.values().iterator().next().embedding().length;
    try (Connection c = target()) {
      c.setAutoCommit(false);
      if (indexed) {
        try (Statement st = c.createStatement()) {
          st.execute("SET LOCAL hnsw.ef_search = 1000");
        }
      }
      try (PreparedStatement st =
          c.prepareStatement(
              "SELECT id FROM \""
                  + schema
                  + "\".\""
                  + collection.name()
                  + "\" ORDER BY embedding "
                  + operator
                  + " ?::vector LIMIT 10")) {
        for (int q = 0; q < 20; q++) {
          float[] query = vector(random, dimensions);
          st.setString(1, text(query));
          List<String> found = new ArrayList<>();
          try (ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
              found.add(rs.getString(1));
            }
          }
          assertThat(found)
              .as("%s query %d", collection.name(), q)
              .isEqualTo(bruteForce(records, query, collection.space()));
        }
      }
      c.rollback();
    }
  }

  private static List<String> bruteForce(
      Map<String, ChromaStoreFixture.Rec> records, float[] q, String space) {
    record Scored(String id, double distance) {}
    List<Scored> scored = new ArrayList<>();
    for (ChromaStoreFixture.Rec rec : records.values()) {
      float[] v = rec.embedding();
      double dot = 0;
      double nq = 0;
      double nv = 0;
      double l2 = 0;
      for (int i = 0; i < q.length; i++) {
        dot += (double) q[i] * v[i];
        nq += (double) q[i] * q[i];
        nv += (double) v[i] * v[i];
        l2 += ((double) q[i] - v[i]) * ((double) q[i] - v[i]);
      }
      double distance =
          switch (space) {
            case "cosine" -> 1 - dot / (Math.sqrt(nq) * Math.sqrt(nv));
            case "ip" -> 1 - dot;
            default -> l2;
          };
      scored.add(new Scored(rec.id(), distance));
    }
    scored.sort(Comparator.comparingDouble(Scored::distance));
    return scored.stream().limit(10).map(Scored::id).toList();
  }

  private void assertIndex(String schema, String table, String opclass) throws SQLException {
    try (Connection c = target();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT indexdef FROM pg_indexes WHERE schemaname = '"
                    + schema
                    + "' AND tablename = '"
                    + table
                    + "' AND indexdef LIKE '%USING hnsw%'")) {
      assertThat(rs.next()).as(table).isTrue();
      assertThat(rs.getString(1)).contains("USING hnsw (embedding " + opclass + ")");
    }
  }

  private static float[] parse(String text) {
    if (text == null) {
      return null;
    }
    String[] parts = text.substring(1, text.length() - 1).split(",");
    float[] out = new float[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = Float.parseFloat(parts[i]);
    }
    return out;
  }

  private static String text(float[] v) {
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < v.length; i++) {
      out.append(i == 0 ? "" : ",").append(v[i]);
    }
    return out.append(']').toString();
  }

  private static int[] bits(float[] v) {
    if (v == null) {
      return null;
    }
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = Float.floatToRawIntBits(v[i]);
    }
    return out;
  }

  static {
    try {
      Class.forName("org.sqlite.JDBC");
    } catch (ClassNotFoundException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
