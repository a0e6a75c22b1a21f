package io.tributary.source.sqlite.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.source.sqlite.connect.SqliteConnections;
import io.tributary.source.sqlite.vtab.Vec0Table;
import io.tributary.source.sqlite.vtab.VirtualTableDeclaration;
import io.tributary.testing.SqliteVec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sqlite-vec tables read without sqlite-vec: files written by the real extension (vec0.so, loaded
 * as an application loads it), read back through Tributary's views of the shadow tables, compared
 * value by value with what the extension itself returns.
 */
class Vec0TableTest {
  @TempDir Path dir;

  @Test
  @DisplayName(
      "vec0 declarations are read with vec0's grammar: vectors, keys, partitions, metadata")
  void parsesDeclarations() {
    Vec0Table table =
        Vec0Table.parse(
            VirtualTableDeclaration.parse(
                "entities_vec_v2",
                """
                CREATE VIRTUAL TABLE entities_vec_v2 USING vec0(
                    embedding float[768] distance_metric=cosine,
                    file_type_group text,
                    created_at_timestamp integer,
                    file_created_at_date text partition key,
                    +note text,
                    flag boolean,
                    small int8[3],
                    chunk_size=64
                )"""));
    assertThat(table.key().name()).isEqualTo("rowid");
    assertThat(table.chunkSize()).isEqualTo(64);
    assertThat(table.columns())
        .extracting(c -> c.name() + ":" + c.kind() + ":" + c.type() + ":" + c.index())
        .containsExactly(
            "embedding:VECTOR:FLOAT32:0",
            "file_type_group:METADATA:TEXT:0",
            "created_at_timestamp:METADATA:INTEGER:1",
            "file_created_at_date:PARTITION:TEXT:0",
            "note:AUXILIARY:TEXT:0",
            "flag:METADATA:BOOLEAN:2",
            "small:VECTOR:INT8:1");
    assertThat(table.columns().get(0).vectorBytes()).isEqualTo(3072);
    assertThat(table.columns().get(0).metric()).isEqualTo("cosine");
    assertThat(table.columns().get(6).metric()).isEqualTo("l2");
    assertThat(table.isShadow("entities_vec_v2_metadatachunks02")).isTrue();
    assertThat(table.isShadow("entities_vec_v2_vector_chunks01")).isTrue();
    assertThat(table.isShadow("entities_vec_v2_notes")).isFalse();
    assertThatThrownBy(
            () ->
                Vec0Table.parse(
                    VirtualTableDeclaration.parse(
                        "v", "CREATE VIRTUAL TABLE v USING vec0(id text primary key, note text)")))
        .hasMessageContaining("declares no vector column");
  }

  @Test
  @DisplayName(
      "A vec0 table written by sqlite-vec reads back without it, row for row and value for value,"
          + " after inserts, deletes and re-inserts across chunks and partitions")
  void readsWhatTheExtensionWrote() throws Exception {
    Path file = dir.resolve("vec.db");
    Random random = new Random(7);
    try (Connection c = SqliteVec.open(file);
        Statement st = c.createStatement()) {
      st.execute(
          "CREATE VIRTUAL TABLE items USING vec0(user_id integer partition key,"
              + " embedding float[4] distance_metric=cosine, small int8[3], category text,"
              + " score float, n integer, flag boolean, +note text, chunk_size=8)");
      st.execute("CREATE TABLE plain (id INTEGER PRIMARY KEY, name TEXT)");
      try (PreparedStatement insert =
          c.prepareStatement(
              "INSERT INTO items (rowid, user_id, embedding, small, category, score, n, flag, note)"
                  + " VALUES (?, ?, ?, vec_int8(?), ?, ?, ?, ?, ?)")) {
        for (int i = 1; i <= 40; i++) {
          insert.setLong(1, i);
          insert.setLong(2, i % 3);
          insert.setBytes(3, floats(random, 4));
          insert.setString(4, "[" + (i % 100) + ", -" + (i % 7) + ", 127]");
          insert.setString(5, i % 2 == 0 ? "short" : "a category longer than twelve bytes #" + i);
          insert.setDouble(6, i / 3.0);
          insert.setLong(7, -i * 1_000_000_007L);
          insert.setBoolean(8, i % 3 == 0);
          insert.setString(9, i % 5 == 0 ? null : "note " + i);
          insert.executeUpdate();
        }
      }
      st.execute("DELETE FROM items WHERE rowid IN (3, 8, 17, 40)");
      st.execute(
          "INSERT INTO items (rowid, user_id, embedding, small, category, score, n, flag, note)"
              + " VALUES (3, 0, '[0.5, -1, 0, 2]', vec_int8('[1, 2, 3]'), 'back again', 1.5, 7,"
              + " 1, 'reinserted')");
    }

    List<TableDef> tables = SqliteCatalogReader.read(file, "m", "s", "s");
    assertThat(tables).extracting(TableDef::sourceTable).containsExactly("items", "plain");
    TableDef items = tables.get(0);
    assertThat(items.keyColumns()).extracting(ColumnDef::name).containsExactly("rowid");
    assertThat(items.column("embedding").targetSql()).isEqualTo("vector(4)");
    assertThat(items.column("small").targetSql()).isEqualTo("vector(3)");
    assertThat(items.column("flag").targetType()).isEqualTo(TargetType.BOOLEAN);
    assertThat(items.column("score").targetType()).isEqualTo(TargetType.DOUBLE);
    assertThat(items.column("n").targetType()).isEqualTo(TargetType.BIGINT);
    assertThat(items.column("category").nullable()).isFalse();
    assertThat(items.column("note").nullable()).isTrue();

    List<List<Object>> expected = new ArrayList<>();
    try (Connection c = SqliteVec.open(file);
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT rowid, user_id, embedding, vec_to_json(small), category, score, n, flag,"
                    + " note FROM items ORDER BY rowid")) {
      while (rs.next()) {
        expected.add(
            List.of(
                rs.getLong(1),
                rs.getLong(2),
                Arrays.toString(rs.getBytes(3)),
                rs.getString(4).replace(".000000", "").replace(" ", ""),
                rs.getString(5),
                rs.getDouble(6),
                rs.getLong(7),
                rs.getLong(8),
                String.valueOf(rs.getString(9))));
      }
    }
    assertThat(expected).hasSize(37);

    List<List<Object>> actual = new ArrayList<>();
    try (Connection c = SqliteConnections.openReadOnly(file);
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT rowid, user_id, embedding, small, category, score, n, flag, note"
                    + " FROM items ORDER BY rowid")) {
      ResultSetMetaData meta = rs.getMetaData();
      assertThat(meta.getColumnCount()).isEqualTo(9);
      while (rs.next()) {
        actual.add(
            List.of(
                rs.getLong(1),
                rs.getLong(2),
                Arrays.toString(rs.getBytes(3)),
                int8Json(rs.getBytes(4)),
                rs.getString(5),
                rs.getDouble(6),
                rs.getLong(7),
                rs.getLong(8),
                String.valueOf(rs.getString(9))));
      }
    }
    assertThat(actual).containsExactlyElementsOf(expected);
  }

  @Test
  @DisplayName("A vec0 table with a text primary key is keyed by that text")
  void textKeys() throws Exception {
    Path file = dir.resolve("text.db");
    try (Connection c = SqliteVec.open(file);
        Statement st = c.createStatement()) {
      st.execute("CREATE VIRTUAL TABLE docs USING vec0(doc_id text primary key, e float[2])");
      st.execute("INSERT INTO docs (doc_id, e) VALUES ('a', '[1, 2]'), ('b', '[3, 4]')");
      st.execute("DELETE FROM docs WHERE doc_id = 'a'");
      st.execute("INSERT INTO docs (doc_id, e) VALUES ('c', '[5, 6]')");
    }
    TableDef docs = SqliteCatalogReader.read(file, "m", "s", "s").get(0);
    assertThat(docs.keyColumns()).extracting(ColumnDef::name).containsExactly("doc_id");
    assertThat(docs.column("doc_id").targetType()).isEqualTo(TargetType.TEXT);
    List<String> rows = new ArrayList<>();
    try (Connection c = SqliteConnections.openReadOnly(file);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT doc_id, e FROM docs ORDER BY doc_id")) {
      while (rs.next()) {
        rows.add(rs.getString(1) + Arrays.toString(floats(rs.getBytes(2))));
      }
    }
    assertThat(rows).containsExactly("b[3.0, 4.0]", "c[5.0, 6.0]");
  }

  private static byte[] floats(Random random, int n) {
    ByteBuffer b = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      b.putFloat(random.nextFloat() * 2 - 1);
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

  private static String int8Json(byte[] float32) {
    float[] values = floats(float32);
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < values.length; i++) {
      out.append(i == 0 ? "" : ",").append((int) values[i]);
    }
    return out.append("]").toString();
  }

  @Test
  @DisplayName("A vec0 table of bit vectors is refused by name, so it can be excluded")
  void bitVectorsAreRefusedByName() throws Exception {
    Path file = dir.resolve("bits.db");
    try (Connection c = SqliteVec.open(file);
        Statement st = c.createStatement()) {
      st.execute("CREATE VIRTUAL TABLE hashes USING vec0(b bit[16])");
      st.execute("INSERT INTO hashes (rowid, b) VALUES (1, vec_bit(x'ff00'))");
      st.execute("CREATE TABLE plain (id INTEGER PRIMARY KEY)");
    }
    SqliteCatalogReader.Catalog catalog = SqliteCatalogReader.readCatalog(file, "m", "s", "s");
    assertThat(catalog.tables()).extracting(TableDef::sourceTable).containsExactly("plain");
    assertThat(catalog.virtualTables().refused().get("hashes"))
        .contains("b is a bit vector")
        .contains("exclude");
    assertThat(catalog.virtualTables().shadows()).contains("hashes_rowids", "hashes_chunks");
  }
}
