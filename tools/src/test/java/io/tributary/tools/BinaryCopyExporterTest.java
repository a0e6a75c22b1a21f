package io.tributary.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BinaryCopyExporterTest {
  @TempDir Path dir;

  @Test
  void writesPostgresBinaryCopyOfEachType() throws Exception {
    Path db = dir.resolve("src.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      try (Statement st = c.createStatement()) {
        st.execute("CREATE TABLE t (id TEXT, doc TEXT, at TEXT, v BLOB, n INTEGER, note TEXT)");
      }
      try (PreparedStatement st = c.prepareStatement("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)")) {
        st.setString(1, "00000000-0000-4000-8000-000000000001");
        st.setString(2, "{\"a\": 1}");
        st.setString(3, "2000-01-01T00:00:01.000002");
        st.setBytes(
            4,
            ByteBuffer.allocate(8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putFloat(1.5f)
                .putFloat(-2f)
                .array());
        st.setLong(5, 42);
        st.setString(6, null);
        st.executeUpdate();
      }
      List<BinaryCopyExporter.Column> columns =
          List.of(
              new BinaryCopyExporter.Column("id", "uuid"),
              new BinaryCopyExporter.Column("doc", "jsonb"),
              new BinaryCopyExporter.Column("at", "timestamp with time zone"),
              new BinaryCopyExporter.Column("v", "vector(2)"),
              new BinaryCopyExporter.Column("n", "bigint"),
              new BinaryCopyExporter.Column("note", "text"));
      Path out = dir.resolve("t.pgcopy");
      assertThat(BinaryCopyExporter.export(c, columns, "t", out)).isEqualTo(1);

      try (InputStream in = Files.newInputStream(out);
          DataInputStream data = new DataInputStream(in)) {
        assertThat(data.readNBytes(11))
            .isEqualTo(new byte[] {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0});
        assertThat(data.readInt()).isZero(); // flags
        assertThat(data.readInt()).isZero(); // extension
        assertThat(data.readShort()).isEqualTo((short) 6);
        assertThat(data.readInt()).isEqualTo(16); // uuid
        assertThat(data.readLong()).isEqualTo(0x4000L);
        assertThat(data.readLong()).isEqualTo(0x8000_0000_0000_0001L);
        assertThat(data.readInt()).isEqualTo(9); // jsonb: version byte + text
        assertThat(data.readByte()).isEqualTo((byte) 1);
        assertThat(new String(data.readNBytes(8), StandardCharsets.UTF_8)).isEqualTo("{\"a\": 1}");
        assertThat(data.readInt()).isEqualTo(8); // timestamptz: microseconds since 2000
        assertThat(data.readLong()).isEqualTo(1_000_002L);
        assertThat(data.readInt()).isEqualTo(12); // vector: dim, unused, big-endian floats
        assertThat(data.readShort()).isEqualTo((short) 2);
        assertThat(data.readShort()).isZero();
        assertThat(data.readFloat()).isEqualTo(1.5f);
        assertThat(data.readFloat()).isEqualTo(-2f);
        assertThat(data.readInt()).isEqualTo(8);
        assertThat(data.readLong()).isEqualTo(42);
        assertThat(data.readInt()).isEqualTo(-1); // NULL
        assertThat(data.readShort()).isEqualTo((short) -1); // trailer
        assertThat(data.read()).isEqualTo(-1);
      }
    }
  }

  @Test
  void namesTheColumnOfAValueItCannotEncode() throws Exception {
    Path db = dir.resolve("bad.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      try (Statement st = c.createStatement()) {
        st.execute("CREATE TABLE t (id TEXT)");
        st.execute("INSERT INTO t VALUES ('not-a-uuid')");
      }
      assertThatThrownBy(
              () ->
                  BinaryCopyExporter.export(
                      c,
                      List.of(new BinaryCopyExporter.Column("id", "uuid")),
                      "t",
                      dir.resolve("t.pgcopy")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("column id (uuid), value not-a-uuid");
    }
  }

  @Test
  void timestampsWithoutAZoneAreUtc() {
    assertThat(BinaryCopyExporter.instant("2024-05-03 12:34:56.5"))
        .isEqualTo(Instant.parse("2024-05-03T12:34:56.5Z"));
    assertThat(BinaryCopyExporter.instant("2024-05-03T12:34:56+02:00"))
        .isEqualTo(Instant.parse("2024-05-03T10:34:56Z"));
  }
}
