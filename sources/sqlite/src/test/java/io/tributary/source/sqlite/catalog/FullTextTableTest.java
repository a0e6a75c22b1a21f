package io.tributary.source.sqlite.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.catalog.TableDef;
import io.tributary.source.sqlite.connect.SqliteConnections;
import io.tributary.source.sqlite.vtab.FullTextTable;
import io.tributary.source.sqlite.vtab.VirtualTableDeclaration;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FullTextTableTest {
  @TempDir Path dir;

  @Test
  @DisplayName("fts3/4/5 declarations: columns, unindexed ones, external and no content")
  void parsesDeclarations() {
    FullTextTable own =
        FullTextTable.parse(
            VirtualTableDeclaration.parse(
                "entities_fts",
                "CREATE VIRTUAL TABLE entities_fts USING fts5(id, filepath, tags UNINDEXED,"
                    + " metadata, tokenize = 'simple 0', prefix = '2 3 4')"));
    assertThat(own.columns())
        .extracting(c -> c.name() + ":" + c.indexed())
        .containsExactly("id:true", "filepath:true", "tags:false", "metadata:true");
    assertThat(own.ownContent()).isTrue();
    assertThat(own.createView())
        .isEqualTo(
            "CREATE TEMP VIEW IF NOT EXISTS \"entities_fts\" AS SELECT \"id\" AS \"rowid\","
                + " \"c0\" AS \"id\", \"c1\" AS \"filepath\", \"c2\" AS \"tags\", \"c3\" AS"
                + " \"metadata\" FROM \"entities_fts_content\"");
    FullTextTable external =
        FullTextTable.parse(
            VirtualTableDeclaration.parse(
                "docs_fts",
                "CREATE VIRTUAL TABLE docs_fts USING fts5(body, content='docs',"
                    + " content_rowid='id')"));
    assertThat(external.content()).isEqualTo("docs");
    FullTextTable fts4 =
        FullTextTable.parse(
            VirtualTableDeclaration.parse(
                "notes",
                "CREATE VIRTUAL TABLE notes USING fts4(\"title\", body, notindexed=body)"));
    assertThat(fts4.columns())
        .extracting(c -> c.name() + ":" + c.indexed())
        .containsExactly("title:true", "body:false");
    assertThat(fts4.createView()).contains("\"docid\" AS \"rowid\"", "\"c1body\" AS \"body\"");
  }

  @Test
  @DisplayName(
      "A full-text table's own text reads as a table, keyed by rowid, without its tokenizer")
  void readsOwnText() throws Exception {
    Path file = dir.resolve("fts.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      st.execute("CREATE VIRTUAL TABLE notes USING fts4(title, body)");
      st.execute("CREATE VIRTUAL TABLE memo USING fts5(id, text)");
      st.execute("INSERT INTO notes (docid, title, body) VALUES (7, 'hello', 'world')");
      st.execute("INSERT INTO memo (id, text) VALUES (1, 'first'), (2, 'second')");
      st.execute("DELETE FROM memo WHERE id = 1");
    }
    SqliteCatalogReader.Catalog catalog = SqliteCatalogReader.readCatalog(file, "m", "s", "s");
    assertThat(catalog.tables()).isEmpty();
    assertThat(catalog.fullTextTables()).containsOnlyKeys("memo", "notes");
    TableDef memo = catalog.fullTextTables().get("memo");
    assertThat(memo.keyColumns()).extracting(k -> k.name()).containsExactly("rowid");
    List<String> rows = new ArrayList<>();
    try (Connection c = SqliteConnections.openReadOnly(file);
        Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery("SELECT rowid, id, text FROM memo")) {
        while (rs.next()) {
          rows.add(rs.getLong(1) + " " + rs.getString(2) + " " + rs.getString(3));
        }
      }
      try (ResultSet rs = st.executeQuery("SELECT rowid, title, body FROM notes")) {
        while (rs.next()) {
          rows.add(rs.getLong(1) + " " + rs.getString(2) + " " + rs.getString(3));
        }
      }
    }
    assertThat(rows).containsExactly("2 2 second", "7 hello world");
  }
}
