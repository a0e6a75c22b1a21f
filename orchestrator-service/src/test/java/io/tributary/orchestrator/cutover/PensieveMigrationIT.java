package io.tributary.orchestrator.cutover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.tributary.auth.Operator;
import io.tributary.orchestrator.SqliteSourcesTestResource;
import io.tributary.testing.SqliteVec;
import io.tributary.testing.TributaryTestResource;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A Pensieve (memos) database migrates whole through the real pipeline: its ORM tables, and the
 * embeddings it keeps in a sqlite-vec {@code vec0} table (768 float32 dimensions, cosine, a
 * partition key and metadata), written by the real extension the way Pensieve writes them. The
 * embeddings arrive in pgvector without re-embedding: nearest-neighbour searches on the target
 * return what a brute-force search over the source vectors returns; a vector the application
 * re-indexes or adds while Tributary replicates arrives; the full-text table is named as not
 * migrated; a vector and a metadata value updated in place right before the cutover arrive; the
 * cutover freezes the vec0 table too, in-place updates included.
 */
@QuarkusTest
@WithTestResource(TributaryTestResource.class)
@WithTestResource(SqliteSourcesTestResource.class)
class PensieveMigrationIT {
  private static final Duration WAIT = Duration.ofMinutes(3);
  private static final int DIMENSIONS = 768;
  private static final int ENTITIES = 400;

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

  private static byte[] embedding(Random random) {
    ByteBuffer b = ByteBuffer.allocate(DIMENSIONS * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < DIMENSIONS; i++) {
      b.putFloat((float) random.nextGaussian());
    }
    return b.array();
  }

  private static float[] floats(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[bytes.length / 4];
    for (int i = 0; i < out.length; i++) {
      out[i] = b.getFloat();
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

  /** Pensieve's schema and {@value #ENTITIES} screenshots with their metadata and embeddings. */
  private static Path pensieve() throws Exception {
    Path file = SqliteSourcesTestResource.newDirectory("pensieve-").resolve("database.db");
    String schema;
    try (InputStream in = PensieveMigrationIT.class.getResourceAsStream("/pensieve/schema.sql")) {
      schema = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Random random = new Random(42);
    try (Connection c = SqliteVec.open(file);
        Statement st = c.createStatement()) {
      st.execute("PRAGMA journal_mode=WAL");
      for (String statement : schema.split(";\\s*\\n")) {
        String sql = statement.replaceAll("(?m)^--.*$", "").strip();
        if (!sql.isEmpty()) {
          st.execute(sql);
        }
      }
      st.execute("INSERT INTO libraries (id, name) VALUES (1, 'screenshots')");
      st.execute(
          "INSERT INTO folders (id, path, library_id, type, last_modified_at)"
              + " VALUES (1, '/home/me/.memos/screenshots', 1, 'DEFAULT', '2026-11-01 08:00:00')");
      st.execute(
          "INSERT INTO plugins (id, name, webhook_url) VALUES (1, 'ocr', '/api/plugins/ocr')");
      st.execute("INSERT INTO tags (id, name, color) VALUES (1, 'work', '#ff0000')");
      st.execute("INSERT INTO alembic_version VALUES ('d10c55fbb7d2')");
      // a table an operator added beside Pensieve's: no key at all, equal rows, NULLs
      st.execute("CREATE TABLE usage_log (entity_id INTEGER, action TEXT, at TEXT)");
      for (int i = 0; i < 12; i++) {
        st.execute(
            i % 3 == 2
                ? "INSERT INTO usage_log VALUES (NULL, NULL, NULL)"
                : "INSERT INTO usage_log VALUES (" + (i % 2) + ", 'viewed', '2026-11-20')");
      }
      c.setAutoCommit(false);
      for (int i = 1; i <= ENTITIES; i++) {
        index(c, i, random, "2026-11-" + (10 + i % 5));
      }
      c.commit();
    }
    return file.toAbsolutePath();
  }

  /** What Pensieve writes for one screenshot: the entity, its metadata, and its index entries. */
  private static void index(Connection c, int id, Random random, String day) throws SQLException {
    String app = id % 3 == 0 ? "Code" : "Google Chrome — a long window title " + id;
    exec(
        c,
        "INSERT OR REPLACE INTO entities (id, filepath, filename, size, file_created_at,"
            + " file_last_modified_at, file_type, file_type_group, library_id, folder_id)"
            + " VALUES (?, ?, ?, ?, ?, ?, 'png', 'image', 1, 1)",
        id,
        "/home/me/.memos/screenshots/" + day + "/shot-" + id + ".png",
        "shot-" + id + ".png",
        100_000 + id,
        day + " 09:00:00",
        day + " 09:00:01");
    exec(
        c,
        "INSERT INTO metadata_entries (entity_id, key, value, source_type, source, data_type)"
            + " VALUES (?, 'active_app', ?, 'SYSTEM_GENERATED', 'screenshot', 'TEXT_DATA')",
        id,
        app);
    exec(c, "INSERT OR REPLACE INTO entity_plugin_status (entity_id, plugin_id) VALUES (?, 1)", id);
    if (id % 10 == 0) {
      exec(c, "INSERT INTO entity_tags (entity_id, tag_id, source) VALUES (?, 1, 'user')", id);
    }
    // Pensieve's update_entity_index: delete, then insert, in one transaction
    exec(c, "DELETE FROM entities_fts WHERE id = ?", id);
    exec(
        c,
        "INSERT INTO entities_fts (id, filepath, tags, metadata) VALUES (?, ?, '', ?)",
        id,
        "shot-" + id + ".png",
        "active_app: " + app);
    exec(c, "DELETE FROM entities_vec_v2 WHERE rowid = ?", id);
    exec(
        c,
        "INSERT INTO entities_vec_v2 (rowid, embedding, app_name, file_type_group,"
            + " created_at_timestamp, file_created_at_timestamp, file_created_at_date,"
            + " library_id) VALUES (?, ?, ?, 'image', ?, ?, ?, 1)",
        id,
        embedding(random),
        app,
        1_763_000_000L + id,
        1_763_000_000L + id,
        day);
  }

  private static void exec(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        st.setObject(i + 1, args[i]);
      }
      st.executeUpdate();
    }
  }

  /** The source's vectors, read by the extension itself: rowid to vector. */
  private static Map<Long, float[]> sourceVectors(Path file) throws SQLException {
    Map<Long, float[]> out = new TreeMap<>();
    try (Connection c = SqliteVec.open(file);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT rowid, embedding FROM entities_vec_v2")) {
      while (rs.next()) {
        out.put(rs.getLong(1), floats(rs.getBytes(2)));
      }
    }
    return out;
  }

  /** The k rowids nearest to {@code q} by cosine distance, by brute force over every vector. */
  private static List<Long> bruteForce(Map<Long, float[]> vectors, float[] q, int k) {
    record Scored(long id, double distance) {}
    List<Scored> scored = new ArrayList<>();
    vectors.forEach((id, v) -> scored.add(new Scored(id, cosineDistance(q, v))));
    scored.sort(Comparator.comparingDouble(Scored::distance));
    return scored.stream().limit(k).map(Scored::id).toList();
  }

  private static double cosineDistance(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    return 1 - dot / (Math.sqrt(na) * Math.sqrt(nb));
  }

  private Connection target() throws SQLException {
    return DriverManager.getConnection(jdbcUrl, user, password);
  }

  private List<Long> targetNearest(String schema, float[] q, int k) throws SQLException {
    List<Long> out = new ArrayList<>();
    try (Connection c = target();
        PreparedStatement st =
            c.prepareStatement(
                "SELECT rowid FROM \""
                    + schema
                    + "\".entities_vec_v2 ORDER BY embedding <=> ?::vector LIMIT "
                    + k)) {
      st.setString(1, text(q));
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getLong(1));
        }
      }
    }
    return out;
  }

  /** The target's vectors, rowid to their elements (pgvector's text form read back as floats). */
  private Map<Long, List<Float>> targetVectors(String schema) throws SQLException {
    Map<Long, List<Float>> out = new TreeMap<>();
    try (Connection c = target();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT rowid, embedding::text FROM \"" + schema + "\".entities_vec_v2")) {
      while (rs.next()) {
        String text = rs.getString(2);
        List<Float> values = new ArrayList<>();
        for (String part : text.substring(1, text.length() - 1).split(",")) {
          values.add(Float.parseFloat(part));
        }
        out.put(rs.getLong(1), values);
      }
    }
    return out;
  }

  private static Map<Long, List<Float>> asLists(Map<Long, float[]> vectors) {
    Map<Long, List<Float>> out = new TreeMap<>();
    vectors.forEach(
        (id, v) -> {
          List<Float> values = new ArrayList<>();
          for (float f : v) {
            values.add(f);
          }
          out.put(id, values);
        });
    return out;
  }

  private static JsonPath detail(String migration) {
    return CutoverApi.migration(migration);
  }

  @Test
  @DisplayName(
      "Pensieve's embeddings reach pgvector without re-embedding: the top-10 neighbours of 20"
          + " queries equal a brute-force search over the source; re-indexed and new vectors"
          + " arrive while replicating, and so do changes of a keyless log with equal rows; every"
          + " table validates MATCH; the cutover freezes vec0")
  void migratesPensieve() throws Exception {
    String migration = "memos-" + UUID.randomUUID().toString().substring(0, 6);
    String schema = migration.replace('-', '_');
    Path file = pensieve();
    Path envFile = file.resolveSibling("memos.env");
    String plan =
        """
        migration: %s
        sources:
          - name: memos
            kind: sqlite
            path: %s
            schema: %s
            tables:
              entities_fts: { fulltext: {} }
              entities: { fulltext: { columns: [filename, file_type_group] } }
        cutover:
          timeouts: { drain: 30s, validate: 60s }
          actions:
            - env-file: { path: %s }
        """
            .formatted(migration, file, schema, envFile);
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
        .anySatisfy(
            n ->
                assertThat(n)
                    .contains("entities_fts: a full-text table (fts5), migrated as a table of its"))
        .anySatisfy(n -> assertThat(n).contains("entities_vec_v2: a sqlite-vec vec0 table"))
        .anySatisfy(
            n ->
                assertThat(n)
                    .contains(
                        "table main.usage_log has no primary key and no UNIQUE index over NOT NULL"
                            + " columns: its rows are identified by all of their values"));
    CutoverApi.awaitState(migration, "REPLICATING", WAIT);

    List<String> tables =
        List.of(
            "alembic_version",
            "entities",
            "entities_fts",
            "entities_vec_v2",
            "entity_plugin_status",
            "entity_tags",
            "folders",
            "libraries",
            "metadata_entries",
            "plugins",
            "tags",
            "usage_log");
    assertThat(detail(migration).getList("tables.sourceTable", String.class))
        .containsExactlyInAnyOrderElementsOf(tables);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(detail(migration).getList("tables.validation.status", String.class))
                    .hasSize(tables.size())
                    .containsOnly("MATCH"));

    // the embeddings as the source holds them, value for value
    Map<Long, float[]> source = sourceVectors(file);
    assertThat(source).hasSize(ENTITIES);
    assertThat(targetVectors(schema)).isEqualTo(asLists(source));
    Random queries = new Random(2026);
    for (int q = 0; q < 20; q++) {
      float[] query = floats(embedding(queries));
      assertThat(targetNearest(schema, query, 10))
          .as("query %d", q)
          .isEqualTo(bruteForce(source, query, 10));
    }

    // while replicating, Pensieve re-indexes one screenshot, adds two, and deletes one
    Random later = new Random(7);
    try (Connection c = SqliteVec.open(file)) {
      c.setAutoCommit(false);
      exec(c, "DELETE FROM metadata_entries WHERE entity_id = 17");
      index(c, 17, later, "2026-11-23");
      index(c, ENTITIES + 1, later, "2026-11-23");
      index(c, ENTITIES + 2, later, "2026-11-24");
      exec(c, "DELETE FROM entities_vec_v2 WHERE rowid = 33");
      exec(c, "DELETE FROM entities_fts WHERE id = 33");
      // the keyless log: one more equal row, one of the equal rows changed, one NULL row gone
      exec(c, "INSERT INTO usage_log VALUES (1, 'viewed', '2026-11-20')");
      exec(
          c,
          "UPDATE usage_log SET action = 'opened' WHERE rowid = (SELECT min(rowid) FROM usage_log"
              + " WHERE entity_id = 0)");
      exec(
          c,
          "DELETE FROM usage_log WHERE rowid = (SELECT max(rowid) FROM usage_log"
              + " WHERE entity_id IS NULL)");
      c.commit();
    }
    List<String> usage = usageLog(DriverManager.getConnection("jdbc:sqlite:" + file), "usage_log");
    assertThat(usage).hasSize(12).contains("0|opened|2026-11-20", "null|null|null");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(usageLog(target(), "\"" + schema + "\".usage_log")).isEqualTo(usage));
    Map<Long, float[]> changed = sourceVectors(file);
    assertThat(changed).hasSize(ENTITIES + 1).doesNotContainKey(33L);
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(targetVectors(schema)).isEqualTo(asLists(changed)));
    assertThat(targetVecRow(schema, 17, "file_created_at_date", "app_name"))
        .containsExactly("2026-11-23", "Google Chrome — a long window title 17");
    float[] probe = changed.get((long) ENTITIES + 2);
    assertThat(targetNearest(schema, probe, 10)).isEqualTo(bruteForce(changed, probe, 10));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(detail(migration).getList("tables.validation.status", String.class))
                    .containsOnly("MATCH"));

    // the full-text table's text arrived, and PostgreSQL finds what SQLite's index finds
    for (String word : List.of("chrome", "code", "title", "17")) {
      assertThat(targetSearch(schema, word)).as(word).isEqualTo(sourceSearch(file, word));
    }
    assertThat(targetSearch(schema, "chrome")).isNotEmpty();

    // right before the cutover, a vector and an integer metadata value updated in place: sqlite-vec
    // writes them into their chunks where no trigger sees them; capture's chunk scans (the fence's
    // own at the latest) log them before the fence, so the switch does not lose them
    try (Connection c = SqliteVec.open(file);
        PreparedStatement st =
            c.prepareStatement(
                "UPDATE entities_vec_v2 SET embedding = ?, created_at_timestamp = 1234567"
                    + " WHERE rowid = 18")) {
      st.setBytes(1, embedding(later));
      assertThat(st.executeUpdate()).isEqualTo(1);
    }

    // the cutover freezes the vec0 table through its shadow tables
    CutoverApi.cutover(migration, "Pensieve moves to PostgreSQL");
    JsonPath outcome = CutoverApi.awaitOutcome(migration, WAIT);
    assertThat(outcome.getString("outcome")).as(outcome.prettify()).isEqualTo("cut_over");
    // (the target keeps the epoch seconds as a timestamp, by the casting rules)
    assertThat(targetVecRow(schema, 18, "extract(epoch FROM created_at_timestamp)::bigint"))
        .containsExactly("1234567");
    try (Connection c = SqliteVec.open(file);
        PreparedStatement st =
            c.prepareStatement(
                "INSERT INTO entities_vec_v2 (rowid, embedding, app_name, file_type_group,"
                    + " created_at_timestamp, file_created_at_timestamp, file_created_at_date,"
                    + " library_id) VALUES (9999, ?, 'Code', 'image', 1, 1, '2026-11-25', 1)")) {
      st.setBytes(1, embedding(later));
      // vec0 reports the failure of its shadow-table write in its own words
      assertThatThrownBy(st::executeUpdate).isInstanceOf(SQLException.class);
      // and an in-place update of a vector fails too: the freeze closed its chunk to blob writes
      try (PreparedStatement update =
          c.prepareStatement("UPDATE entities_vec_v2 SET embedding = ? WHERE rowid = 19")) {
        update.setBytes(1, embedding(later));
        assertThatThrownBy(update::executeUpdate)
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("Could not open vectors blob");
      }
      assertThatThrownBy(() -> exec(c, "DELETE FROM entities WHERE id = 1"))
          .hasMessageContaining("moved to PostgreSQL");
    }
    assertThat(targetVectors(schema)).isEqualTo(asLists(sourceVectors(file)));
    // finalize built the GIN indexes of the search columns
    try (Connection c = target();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT indexname FROM pg_indexes WHERE schemaname = '"
                    + schema
                    + "' AND indexdef LIKE '%USING gin (search_vector)%' ORDER BY 1")) {
      List<String> indexes = new ArrayList<>();
      while (rs.next()) {
        indexes.add(rs.getString(1));
      }
      assertThat(indexes)
          .containsExactly("entities_fts_search_vector_idx", "entities_search_vector_idx");
    }
    // and the embeddings' HNSW index, with the cosine distance the vec0 table declares
    try (Connection c = target();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT indexdef FROM pg_indexes WHERE schemaname = '"
                    + schema
                    + "' AND indexname = 'entities_vec_v2_embedding_hnsw_idx'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).contains("USING hnsw (embedding vector_cosine_ops)");
    }
  }

  /** Columns of one row of the target's {@code entities_vec_v2}, as text. */
  private List<String> targetVecRow(String schema, long rowid, String... columns)
      throws SQLException {
    try (Connection c = target();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT "
                    + String.join(", ", columns)
                    + " FROM \""
                    + schema
                    + "\".entities_vec_v2 WHERE rowid = "
                    + rowid)) {
      assertThat(rs.next()).as("row %d", rowid).isTrue();
      List<String> out = new ArrayList<>();
      for (int i = 1; i <= columns.length; i++) {
        out.add(rs.getObject(i).toString());
      }
      return out;
    }
  }

  /**
   * The usage log's rows, each as often as the table holds it, in one order; closes the connection.
   */
  private static List<String> usageLog(Connection c, String table) throws SQLException {
    List<String> out = new ArrayList<>();
    try (c;
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT entity_id, action, at FROM " + table)) {
      while (rs.next()) {
        out.add(rs.getObject(1) + "|" + rs.getString(2) + "|" + rs.getString(3));
      }
    }
    Collections.sort(out);
    return out;
  }

  /** Rowids of the full-text rows SQLite's own index finds for a word. */
  private static List<Long> sourceSearch(Path file, String word) throws SQLException {
    List<Long> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        PreparedStatement st =
            c.prepareStatement(
                "SELECT rowid FROM entities_fts WHERE entities_fts MATCH ? ORDER BY rowid")) {
      st.setString(1, "\"" + word + "\"");
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getLong(1));
        }
      }
    }
    return out;
  }

  /** Rowids of the rows the target's tsvector column matches for a word. */
  private List<Long> targetSearch(String schema, String word) throws SQLException {
    List<Long> out = new ArrayList<>();
    try (Connection c = target();
        PreparedStatement st =
            c.prepareStatement(
                "SELECT rowid FROM \""
                    + schema
                    + "\".entities_fts WHERE search_vector @@ to_tsquery('simple', ?) ORDER BY"
                    + " rowid")) {
      st.setString(1, word);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getLong(1));
        }
      }
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
