package io.tributary.source.chroma.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.common.catalog.CatalogException;
import io.tributary.testing.ChromaStoreFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ChromaStoreTest {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(ChromaStoreFixture.Format.class)
  void readsTheFormatAndEachCollectionsDistance(ChromaStoreFixture.Format format) throws Exception {
    try (ChromaStoreFixture fixture = ChromaStoreFixture.create(dir, format)) {
      fixture.createCollection("notes", "cosine", Map.of("owner", "me", "version", 3L));
      fixture.createCollection("docs", "l2", Map.of());
      ChromaStoreFixture.Collection faces = fixture.createCollection("faces", "ip", Map.of());
      fixture.add(faces, "a", new float[] {1, 2, 3}, null, null);
    }
    ChromaStore store = ChromaStore.read(dir);
    assertThat(store.format().readable()).isTrue();
    assertThat(store.format().rust()).isEqualTo(format != ChromaStoreFixture.Format.V0_6);
    assertThat(store.format().releases())
        .isEqualTo(
            switch (format) {
              case V0_6 -> "Chroma 0.5.6-0.6.3";
              case V1_0 -> "Chroma 1.0-1.2";
              case V1_3 -> "Chroma 1.3-1.4";
              case V1_5 -> "Chroma 1.5";
            });
    assertThat(store.collections())
        .extracting(ChromaCollection::name)
        .containsExactly("docs", "faces", "notes");
    assertThat(store.collection("notes").orElseThrow().distance()).isEqualTo(ChromaDistance.COSINE);
    assertThat(store.collection("docs").orElseThrow().distance()).isEqualTo(ChromaDistance.L2);
    assertThat(store.collection("faces").orElseThrow().distance()).isEqualTo(ChromaDistance.IP);
    assertThat(store.collection("faces").orElseThrow().dimension()).isEqualTo(3);
    assertThat(store.collection("docs").orElseThrow().dimension()).isNull();
    assertThat(store.collection("notes").orElseThrow().metadata())
        .containsEntry("owner", "me")
        .containsEntry("version", 3L);
  }

  /**
   * Security review M2: a store within the sources directory cannot lead the migration to files
   * outside it, by a linked chroma.sqlite3 or by a segment id its database holds.
   */
  @Test
  void aStoresFilesStayWithinItsDirectory() throws Exception {
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    try (ChromaStoreFixture fixture =
        ChromaStoreFixture.create(elsewhere, ChromaStoreFixture.Format.V1_0)) {
      fixture.createCollection("notes", "cosine", Map.of());
    }
    Path store = Files.createDirectories(dir.resolve("store"));
    Files.createSymbolicLink(
        store.resolve(ChromaStore.DATABASE_FILE), elsewhere.resolve(ChromaStore.DATABASE_FILE));
    assertThatThrownBy(() -> ChromaStore.read(store))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("leads out of the store's directory");
    ChromaStore read = ChromaStore.read(elsewhere);
    for (String segment : new String[] {"../store", "a/../../x", "/etc"}) {
      ChromaCollection c = read.collections().get(0);
      ChromaCollection hostile =
          new ChromaCollection(
              c.id(),
              c.name(),
              c.database(),
              c.tenant(),
              c.dimension(),
              c.distance(),
              c.metadata(),
              c.configuration(),
              segment,
              c.metadataSegment());
      assertThatThrownBy(() -> read.segmentDirectory(hostile))
          .isInstanceOf(CatalogException.class)
          .hasMessageContaining("not a directory name of the store");
    }
    Files.createSymbolicLink(elsewhere.resolve("linked-segment"), store);
    ChromaCollection c = read.collections().get(0);
    ChromaCollection linked =
        new ChromaCollection(
            c.id(),
            c.name(),
            c.database(),
            c.tenant(),
            c.dimension(),
            c.distance(),
            c.metadata(),
            c.configuration(),
            "linked-segment",
            c.metadataSegment());
    assertThatThrownBy(() -> read.segmentDirectory(linked))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("leads out of the store's directory");
  }

  @Test
  void aDirectoryWithoutChromaIsNamed() throws Exception {
    assertThatThrownBy(() -> ChromaStore.read(dir))
        .isInstanceOf(CatalogException.class)
        .hasMessage("not a Chroma persistent directory: " + dir + " has no chroma.sqlite3");
    Path file = Files.writeString(dir.resolve("notes.txt"), "hello");
    assertThatThrownBy(() -> ChromaStore.read(file))
        .hasMessageStartingWith(file + " is not a directory");
    Files.write(dir.resolve("chroma.sqlite3"), new byte[4096]);
    assertThatThrownBy(() -> ChromaStore.read(dir))
        .isInstanceOf(CatalogException.class)
        .hasMessageStartingWith(
            "cannot read " + dir.resolve("chroma.sqlite3") + " as a Chroma database");
    Files.delete(dir.resolve("chroma.sqlite3"));
    try (Connection c =
            DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("chroma.sqlite3"));
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY)");
    }
    assertThatThrownBy(() -> ChromaStore.read(dir))
        .hasMessageContaining("is a SQLite database without Chroma's tables");
  }

  @Test
  void aFormatItCannotReadIsNamed() throws Exception {
    try (ChromaStoreFixture fixture =
        ChromaStoreFixture.create(dir, ChromaStoreFixture.Format.V1_5)) {
      fixture.createCollection("notes", "l2", Map.of());
    }
    try (Connection c =
            DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("chroma.sqlite3"));
        Statement st = c.createStatement()) {
      st.execute(
          "INSERT INTO migrations (dir, version, filename, sql, hash)"
              + " VALUES ('sysdb', 11, '00011-future.sqlite.sql', '', '')");
    }
    assertThatThrownBy(() -> ChromaStore.read(dir))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("has a format newer than this version reads")
        .hasMessageContaining("sysdb 11");
    try (Connection c =
            DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("chroma.sqlite3"));
        Statement st = c.createStatement()) {
      st.execute("DELETE FROM migrations WHERE dir = 'sysdb' AND version >= 5");
    }
    assertThatThrownBy(() -> ChromaStore.read(dir))
        .hasMessageContaining("has a format this version cannot read")
        .hasMessageContaining("open a 0.4 store once with Chroma 0.5");
  }

  @Test
  void theDistanceIsReadWhereTheChromaThatWroteItReadsIt() {
    ChromaFormat python = new ChromaFormat(9, 4, 2, false);
    ChromaFormat rust = new ChromaFormat(9, 5, 2, true);
    String l2Config = "{\"vector_index\":{\"hnsw\":{\"space\":\"l2\"}}}";
    String ipConfig = "{\"vector_index\":{\"hnsw\":{\"space\":\"ip\"}}}";
    String schema =
        "{\"keys\":{\"#embedding\":{\"float_list\":{\"vector_index\":{\"config\":"
            + "{\"space\":\"cosine\"}}}}}}";
    // 0.5/0.6 read only the segment's hnsw:space, whatever the configuration says
    assertThat(
            ChromaStore.distance(python, "c", ipConfig, Map.of("hnsw:space", "cosine"), Map.of()))
        .isEqualTo(ChromaDistance.COSINE);
    assertThat(ChromaStore.distance(python, "c", ipConfig, Map.of(), Map.of()))
        .isEqualTo(ChromaDistance.L2);
    // 1.x: the configuration, unless it holds the default and older metadata says otherwise
    assertThat(ChromaStore.distance(rust, "c", ipConfig, Map.of(), Map.of()))
        .isEqualTo(ChromaDistance.IP);
    assertThat(ChromaStore.distance(rust, "c", l2Config, Map.of("hnsw:space", "cosine"), Map.of()))
        .isEqualTo(ChromaDistance.COSINE);
    assertThat(ChromaStore.distance(rust, "c", schema, Map.of(), Map.of()))
        .isEqualTo(ChromaDistance.COSINE);
    assertThat(ChromaStore.distance(rust, "c", null, Map.of(), Map.of("hnsw:space", "ip")))
        .isEqualTo(ChromaDistance.IP);
    assertThatThrownBy(
            () -> ChromaStore.distance(python, "odd", null, Map.of("hnsw:space", "l1"), Map.of()))
        .hasMessage(
            "collection 'odd' has the distance 'l1'; Chroma's distances are l2, cosine and ip");
  }
}
