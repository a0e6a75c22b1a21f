package io.tributary.source.sqlite.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.common.catalog.CatalogException;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.SourceDefaults;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.tools.SampleDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteCatalogReaderTest {
  @TempDir Path dir;

  @Test
  void readsTablesKeysAndTypes() throws Exception {
    Path file = dir.resolve("shop.db");
    new SampleDatabase(1).create(file);
    List<TableDef> tables = SqliteCatalogReader.read(file, "demo", "shop", "shop");
    assertThat(tables)
        .extracting(TableDef::sourceTable)
        .containsExactly("customers", "order_tags", "orders", "products");
    TableDef tags = tables.get(1);
    assertThat(tags.keyColumns()).extracting(ColumnDef::name).containsExactly("order_id", "tag");
    assertThat(tags.column("group").targetType()).isEqualTo(TargetType.TEXT);
    assertThat(tags.topic()).isEqualTo("tributary.demo.shop.main.order_tags");
    TableDef customers = tables.get(0);
    assertThat(customers.columns())
        .extracting(ColumnDef::targetType)
        .containsExactly(
            TargetType.BIGINT,
            TargetType.TEXT,
            TargetType.TEXT,
            TargetType.DOUBLE,
            TargetType.NUMERIC,
            TargetType.BYTEA,
            TargetType.TEXT);
    assertThat(customers.column("name").nullable()).isFalse();
  }

  @Test
  void sampleDatabaseIsDeterministicAndLargeEnough() throws Exception {
    Path a = dir.resolve("a.db");
    Path b = dir.resolve("b.db");
    long rows = new SampleDatabase(1).create(a);
    new SampleDatabase(1).create(b);
    assertThat(rows).isGreaterThanOrEqualTo(100_000);
    try (Connection ca = DriverManager.getConnection("jdbc:sqlite:" + a);
        Connection cb = DriverManager.getConnection("jdbc:sqlite:" + b)) {
      String digest =
          "SELECT count(*), sum(length(avatar)), total(balance), count(email) FROM customers";
      try (ResultSet ra = ca.createStatement().executeQuery(digest);
          ResultSet rb = cb.createStatement().executeQuery(digest)) {
        ra.next();
        rb.next();
        for (int i = 1; i <= 4; i++) {
          assertThat(ra.getObject(i)).isEqualTo(rb.getObject(i));
        }
      }
    }
  }

  @Test
  void numericAffinityColumnsHoldingTextBecomeText() throws Exception {
    Path file = dir.resolve("dates.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      c.createStatement()
          .execute(
              "CREATE TABLE ev (id INTEGER PRIMARY KEY, at DATETIME, flag BOOLEAN, price DECIMAL(5,2))");
      c.createStatement().execute("INSERT INTO ev VALUES (1, '2024-01-02 03:04:05', 1, '12.50')");
    }
    TableDef ev = SqliteCatalogReader.read(file, "m", "s", "s").get(0);
    assertThat(ev.column("at").targetType()).isEqualTo(TargetType.TEXT);
    assertThat(ev.column("at").sourceType()).isEqualTo("DATETIME");
    assertThat(ev.column("flag").targetType()).isEqualTo(TargetType.NUMERIC);
    assertThat(ev.column("price").targetType()).isEqualTo(TargetType.NUMERIC);
  }

  @Test
  void readsTablesWithoutKeyAndRefusesNonDatabases() throws Exception {
    Path file = dir.resolve("nokey.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      c.createStatement().execute("CREATE TABLE logs (line TEXT)");
    }
    TableDef logs = SqliteCatalogReader.read(file, "m", "s", "s").get(0);
    assertThat(logs.sourceTable()).isEqualTo("logs");
    assertThat(logs.keyColumns()).as("its identity is chosen at provisioning").isEmpty();
    Path junk = dir.resolve("junk.db");
    Files.writeString(
        junk, "this is not a database, just text that is long enough to be a header....");
    assertThatThrownBy(() -> SqliteCatalogReader.read(junk, "m", "s", "s"))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("Failed to read the SQLite catalog");
  }

  @Test
  void defaultsAreTranslatedWhereSafe() throws Exception {
    Path file = dir.resolve("defaults.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      c.createStatement()
          .execute(
              "CREATE TABLE d (id INTEGER PRIMARY KEY DEFAULT 5, n INTEGER DEFAULT -1,"
                  + " s TEXT DEFAULT 'it''s', at TEXT DEFAULT CURRENT_TIMESTAMP,"
                  + " day DATE DEFAULT (date('now')), flag BOOLEAN DEFAULT TRUE,"
                  + " gone TEXT DEFAULT NULL, plain TEXT)");
    }
    TableDef d = SqliteCatalogReader.read(file, "demo", "shop", "shop").get(0);
    assertThat(d.columns())
        .extracting(ColumnDef::sourceDefault)
        .containsExactly(
            null, // the rowid key becomes an identity, which takes no default
            "-1",
            "'it''s'",
            SourceDefaults.SQLITE_CURRENT_TIMESTAMP,
            null,
            "1",
            null,
            null);
    assertThat(d.column("id").identity()).isNotNull();
  }
}
