package io.tributary.source.sqlite.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.InvalidPolicy;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.value.Utf8Text;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A snapshot reads the text of a column that takes it unchanged as the bytes SQLite holds ({@link
 * SqliteValues.SnapshotRows}); the chunks it makes of those rows are the very chunks the String
 * reading ({@link SqliteValues#row}, what the snapshot read before) makes of them: the same {@code
 * COPY} bytes, the same rejects with the same reasons and data, for hostile text (quotes, control
 * characters, every UTF-8 length, a real U+FFFD, NUL bytes, bytes that are not UTF-8: overlong
 * forms, surrogates, stray and missing continuation bytes) and for the numbers, BLOBs and NULLs
 * such a column may hold, into {@code text}, into {@code text} whose invalid values become NULL,
 * and into {@code varchar(n)} (read as before). Key columns keep the driver's reading, and a UTF-16
 * file's text is read as Strings.
 */
class SnapshotTextBytesParityTest {
  @TempDir Path dir;

  private static final List<byte[]> TEXTS =
      List.of(
          utf8(""),
          utf8("plain"),
          utf8("quote \" backslash \\ tab \t newline \n return \r bell \u0007 del \u007f"),
          utf8("caf\u00e9 \u65e5\u672c\u8a9e \ud83d\ude00 \ud834\udd1e"),
          utf8("a real \uFFFD replacement character"),
          utf8("\u2028\u2029\uFEFF\u0085"),
          utf8("x".repeat(20_000) + "\u00e9"),
          utf8("abcdefg\u0000hij"),
          utf8("\u0000"),
          utf8("abcdefgh\u0000"),
          bytes(0xff, 0xfe, 0x41),
          bytes(0x80),
          bytes(0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0xc3),
          bytes(0xc0, 0xaf),
          bytes(0xc1, 0xbf),
          bytes(0xe0, 0x80, 0xaf),
          bytes(0xed, 0xa0, 0x80),
          bytes(0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80),
          bytes(0xf0, 0x80, 0x80, 0xaf),
          bytes(0xf4, 0x90, 0x80, 0x80),
          bytes(0xf5, 0x80, 0x80, 0x80),
          bytes(0xe6, 0x97),
          bytes(0x00, 0xff));

  @Test
  void textReadAsBytesMakesTheChunksTheStringReadingMakes() throws Exception {
    Path file =
        database(
            "hostile.db",
            "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT, lenient TEXT, code TEXT,"
                + " kept TEXT)",
            // what else a text column may hold: numbers, BLOBs, NULL
            "INSERT INTO notes VALUES (100, 42, 3.5, x'0102', NULL), (101, NULL, x'c3', 7, 'x'),"
                + " (102, 1e300, NULL, NULL, NULL)");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO notes VALUES (?, CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT),"
                    + " 'same')")) {
      int id = 0;
      for (byte[] text : TEXTS) {
        insert.setInt(1, ++id);
        insert.setBytes(2, text);
        insert.setBytes(3, text);
        insert.setBytes(4, text);
        insert.executeUpdate();
      }
    }
    TableDef table =
        table(
            "notes",
            column("id", TargetType.BIGINT, null).withKeyPosition(1),
            column("body", TargetType.TEXT, null),
            column("lenient", TargetType.TEXT, null).withRules("lenient", InvalidPolicy.NULL, null),
            column("code", TargetType.TEXT, "varchar(4)"),
            column("kept", TargetType.TEXT, null));

    List<Object[]> asBytes = readAsBytes(file, table);
    List<Object[]> asStrings = readAsStrings(file, table);

    // the bytes path was taken for the text it may take, and only there
    long kept = asBytes.stream().flatMap(Arrays::stream).filter(Utf8Text.class::isInstance).count();
    assertThat(kept).isGreaterThan(2L * 7);
    for (Object[] row : asBytes) {
      assertThat(row[0] instanceof Utf8Text || row[3] instanceof Utf8Text).isFalse();
    }
    assertThat(asStrings.stream().flatMap(Arrays::stream).filter(Utf8Text.class::isInstance))
        .isEmpty();
    // ... and gives the same chunks, rejects included (a small chunk size: several of them)
    List<String> fromBytes = chunks(file, table, asBytes);
    List<String> fromStrings = chunks(file, table, asStrings);
    assertThat(fromBytes).hasSizeGreaterThan(2).isEqualTo(fromStrings);
    assertThat(String.join("\n", fromStrings))
        .contains("holds text that is not valid UTF-8 (bytes fffe41)")
        .contains("text contains a NUL byte");
  }

  @Test
  void keyColumnsKeepTheDriversReading() throws Exception {
    Path file =
        database(
            "keyed.db",
            "CREATE TABLE tags (name TEXT PRIMARY KEY, note TEXT)",
            "INSERT INTO tags VALUES ('b\u00e9', 'one'), ('a', 'two')");
    TableDef table = keyedText("tags", column("name", TargetType.TEXT, null), "note");
    List<Object[]> rows = readAsBytes(file, table);
    assertThat(rows).extracting(r -> r[0]).containsExactly("a", "b\u00e9");
    assertThat(rows).extracting(r -> r[1]).allMatch(Utf8Text.class::isInstance);
    assertSameChunks(file, table, rows);
  }

  @Test
  void aUtf16FilesTextIsReadAsStrings() throws Exception {
    Path file =
        database(
            "utf16.db",
            "PRAGMA encoding = 'UTF-16be'",
            "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)",
            // U+C3A9 is C3 A9 in UTF-16BE: as UTF-8 bytes, it would read as "é"
            "INSERT INTO notes VALUES (1, '\uc3a9'), (2, 'plain'), (3, 'caf\u00e9')");
    TableDef table = keyedText("notes", column("id", TargetType.BIGINT, null), "body");
    List<Object[]> rows = readAsBytes(file, table);
    assertThat(rows).extracting(r -> r[1]).containsExactly("\uc3a9", "plain", "caf\u00e9");
    assertSameChunks(file, table, rows);
  }

  /** A database made by {@code statements}. */
  private Path database(String name, String... statements) throws Exception {
    Path file = dir.resolve(name);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      for (String sql : statements) {
        st.execute(sql);
      }
    }
    return file;
  }

  /** The rows read as bytes make the chunks the String reading makes of the table. */
  private static void assertSameChunks(Path file, TableDef table, List<Object[]> rows)
      throws Exception {
    assertThat(chunks(file, table, rows))
        .isEqualTo(chunks(file, table, readAsStrings(file, table)));
  }

  /** The table's rows as the snapshot reads them. */
  private static List<Object[]> readAsBytes(Path file, TableDef table) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      return new SqliteSnapshotReader(c, 60_000).chunk(table, null, 10_000).rows();
    }
  }

  /** The table's rows as the snapshot read them before: every value through the driver. */
  private static List<Object[]> readAsStrings(Path file, TableDef table) throws Exception {
    List<Object[]> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        PreparedStatement st = c.prepareStatement(SqliteSnapshotQueryBuilder.first(table))) {
      st.setInt(1, 10_000);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          rows.add(SqliteValues.row(rs, table, table.columns().size()));
        }
      }
    }
    return rows;
  }

  /**
   * The chunk records capture makes of the rows ({@link PolledChunks}, 4 KiB chunks), each as its
   * key, headers (rejects included, with their reasons and data) and {@code COPY} bytes.
   */
  private static List<String> chunks(Path file, TableDef table, List<Object[]> rows) {
    SqliteConnectorConfig config =
        new SqliteConnectorConfig(
            Map.of(
                SqliteConnectorConfig.PATH, file.toString(),
                SqliteConnectorConfig.MIGRATION, "demo",
                SqliteConnectorConfig.SOURCE, "app",
                SqliteConnectorConfig.TARGET_SCHEMA, "app",
                SqliteConnectorConfig.SNAPSHOT_CHUNK_BYTES, "4096"));
    SqliteRecordBuilder records =
        new SqliteRecordBuilder(config, SnapshotOffset.partition("demo", "app"), "sqlite", 1);
    List<SourceRecord> out = new ArrayList<>();
    CaptureOffset offset = new CaptureOffset("registration", 7, SnapshotOffset.START);
    PolledChunks chunks = new PolledChunks(config, table, records, offset, out);
    chunks.read(7);
    long read = 0;
    for (Object[] row : rows) {
      List<Object> key = records.keyValues(table, row);
      chunks.add(row, key, key, ++read, 1_700_000_000_000L);
    }
    chunks.finish();
    List<String> described = new ArrayList<>();
    for (SourceRecord r : out) {
      StringBuilder line = new StringBuilder(String.valueOf(r.key()));
      for (Header h : r.headers()) {
        line.append('\n').append(h.key()).append('=').append(h.value());
      }
      line.append('\n').append(r.sourceOffset());
      line.append('\n').append(Arrays.toString((byte[]) r.value()));
      described.add(line.toString());
    }
    return described;
  }

  /** A table of a key column and a text column. */
  private static TableDef keyedText(String name, ColumnDef key, String text) {
    return table(name, key.withKeyPosition(1), column(text, TargetType.TEXT, null));
  }

  private static TableDef table(String name, ColumnDef... columns) {
    return new TableDef(
        "app", "main", name, "app", name, "tributary.demo.app.main." + name, List.of(columns));
  }

  private static ColumnDef column(String name, TargetType type, String sql) {
    return new ColumnDef(name, "TEXT", name, type, 0, true, sql, null, null);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }
}
