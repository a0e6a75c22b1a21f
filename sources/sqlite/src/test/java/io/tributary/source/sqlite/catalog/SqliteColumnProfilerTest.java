package io.tributary.source.sqlite.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.catalog.ColumnProfile;
import io.tributary.common.catalog.TableDef;
import io.tributary.source.sqlite.connect.SqliteConnections;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The profile reads the first rows with every check and the whole table only with the checks that
 * can still hold; these tables put the exceptions after the first rows, and spread rowids so the
 * file-level profile splits them into ranges.
 */
class SqliteColumnProfilerTest {
  @TempDir Path dir;
  private Path file;

  /**
   * Rows of {@code items}: rowids 1..3000, then 3001 at rowid 900,000 (more than 50,000 apart:
   * ranges split) (ranges split).
   */
  private static final int ROWS = 3001;

  @BeforeEach
  void create() throws Exception {
    file = dir.resolve("profile.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      st.execute(
          "CREATE TABLE items (id TEXT PRIMARY KEY, ref TEXT, doc TEXT, late_doc TEXT, day TEXT,"
              + " at TEXT, seen INTEGER, vec BLOB, mixed, note TEXT)");
      st.execute("CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID");
      c.setAutoCommit(false);
      try (PreparedStatement insert =
          c.prepareStatement(
              "INSERT INTO items (rowid, id, ref, doc, late_doc, day, at, seen, vec, mixed, note)"
                  + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (int i = 1; i <= ROWS; i++) {
          boolean last = i == ROWS;
          insert.setLong(1, last ? 900_000 : i);
          insert.setString(2, new UUID(7, i).toString());
          // every ref is a UUID but the last one: only the whole table tells
          insert.setString(3, last ? "not-a-uuid" : new UUID(9, i).toString().toUpperCase());
          insert.setString(4, "{\"n\": " + i + "}");
          // NULL in the first rows, JSON arrays after them
          insert.setString(5, i <= 1500 ? null : "[" + i + "]");
          insert.setString(6, "2024-01-" + (10 + i % 19));
          insert.setString(7, last ? "yesterday" : "2024-01-15T10:00:" + (10 + i % 49) + "Z");
          insert.setLong(8, 1_700_000_000L + i);
          insert.setBytes(9, new byte[last ? 12 : 16]);
          if (i % 2 == 0) {
            insert.setLong(10, i);
          } else {
            insert.setString(10, "x" + i);
          }
          insert.setString(11, "note " + i);
          insert.addBatch();
        }
        insert.executeBatch();
      }
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO kv VALUES (?, ?)")) {
        for (int i = 0; i < 10; i++) {
          insert.setString(1, "k" + i);
          insert.setString(2, new UUID(1, i).toString());
          insert.addBatch();
        }
        insert.executeBatch();
      }
      c.commit();
    }
  }

  @Test
  void profilesEveryRowWhereTheFirstRowsLeaveTheAnswerOpen() throws Exception {
    List<TableDef> tables = SqliteCatalogReader.read(file, "m", "s", "s");
    Map<String, Map<String, ColumnProfile>> byFile = SqliteColumnProfiler.profile(file, tables);
    Map<String, ColumnProfile> items = byFile.get("items");

    assertThat(items.get("id").uuids()).isEqualTo(ROWS);
    // the last ref is not a UUID: counted over the whole table, one short
    assertThat(items.get("ref").nonNull()).isEqualTo(ROWS);
    assertThat(items.get("ref").uuids()).isEqualTo(ROWS - 1);
    assertThat(items.get("doc").jsonDocuments()).isEqualTo(ROWS);
    // NULL throughout the first rows: every check runs over the whole table
    assertThat(items.get("late_doc").nonNull()).isEqualTo(ROWS - 1500);
    assertThat(items.get("late_doc").jsonDocuments()).isEqualTo(ROWS - 1500);
    assertThat(items.get("day").isoDates()).isEqualTo(ROWS);
    assertThat(items.get("at").isoTimestamps()).isEqualTo(ROWS - 1);
    assertThat(items.get("seen").integers()).isEqualTo(ROWS);
    assertThat(items.get("seen").minInteger()).isEqualTo(1_700_000_001L);
    assertThat(items.get("seen").maxInteger()).isEqualTo(1_700_000_000L + ROWS);
    assertThat(items.get("vec").blobs()).isEqualTo(ROWS);
    assertThat(items.get("vec").minBlobLength()).isEqualTo(12);
    assertThat(items.get("vec").maxBlobLength()).isEqualTo(16);
    ColumnProfile mixed = items.get("mixed");
    assertThat(mixed.integers() + mixed.texts()).isEqualTo(ROWS);
    assertThat(mixed.integers()).isEqualTo(ROWS / 2);
    assertThat(mixed.minInteger()).isZero(); // not every value is an integer: bounds not read
    // plain text: no shape holds in the first rows, short of the table's values
    assertThat(items.get("note").texts()).isEqualTo(ROWS);
    assertThat(items.get("note").uuids()).isLessThan(ROWS);
    assertThat(items.get("note").jsonDocuments()).isLessThan(ROWS);

    // no tables, no profiles
    assertThat(SqliteColumnProfiler.profile(file, List.of())).isEmpty();

    // a WITHOUT ROWID table is read in one piece
    assertThat(byFile.get("kv").get("v").uuids()).isEqualTo(10);

    // the one-connection profile says the same
    try (Connection c = SqliteConnections.openReadOnly(file)) {
      for (TableDef table : tables) {
        assertThat(SqliteColumnProfiler.profile(c, table))
            .isEqualTo(byFile.get(table.sourceTable()));
      }
    }
  }
}
