package io.tributary.tools;

import io.tributary.common.naming.Identifiers;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The hand-written export of bench/run.sh's COPY baseline: reads tables of a SQLite file and writes
 * each as a PostgreSQL binary COPY file ({@code <table>.pgcopy}) for the typed table of the same
 * name in a target schema, whose column types (read from the target's catalog) decide the encoding:
 * {@code uuid}, {@code text}/{@code varchar}, {@code jsonb}, {@code json}, {@code timestamptz}
 * (ISO-8601 text, UTC when it has no zone), {@code bigint}, {@code integer}, {@code double
 * precision}, {@code bytea} and {@code vector(n)} (a little-endian float32 BLOB). The columns are
 * matched by name; a target type it cannot encode is an error naming the column.
 *
 * <p>Usage: {@code BinaryCopyExporter <sqlite file> <target jdbc url> <schema> <out dir>
 * <table>...}.
 */
public final class BinaryCopyExporter {
  private static final byte[] SIGNATURE = {
    'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0
  };
  private static final long POSTGRES_EPOCH_SECONDS = 946_684_800L; // 2000-01-01T00:00:00Z

  private BinaryCopyExporter() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 5) {
      throw new IllegalArgumentException(
          "usage: BinaryCopyExporter <sqlite file> <target jdbc url> <schema> <out dir> <table>...");
    }
    Path out = Path.of(args[3]);
    Files.createDirectories(out);
    try (Connection sqlite =
            DriverManager.getConnection("jdbc:sqlite:file:" + args[0] + "?mode=ro");
        Connection target = DriverManager.getConnection(args[1])) {
      for (int i = 4; i < args.length; i++) {
        String table = args[i];
        long started = System.nanoTime();
        Path file = out.resolve(table + ".pgcopy");
        long rows = export(sqlite, columns(target, args[2], table), table, file);
        System.out.printf(
            "%s: %,d rows, %,d bytes in %.1f s%n",
            file, rows, Files.size(file), (System.nanoTime() - started) / 1e9);
      }
    }
  }

  /** A target column: its name and its type as {@code format_type} prints it. */
  record Column(String name, String type) {}

  static List<Column> columns(Connection target, String schema, String table) throws SQLException {
    List<Column> columns = new ArrayList<>();
    try (PreparedStatement st =
        target.prepareStatement(
            "SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a"
                + " JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid ="
                + " c.relnamespace WHERE n.nspname = ? AND c.relname = ? AND a.attnum > 0 AND"
                + " NOT a.attisdropped ORDER BY a.attnum")) {
      st.setString(1, schema);
      st.setString(2, table);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          columns.add(new Column(rs.getString(1), rs.getString(2)));
        }
      }
    }
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("no table " + schema + "." + table + " in the target");
    }
    return columns;
  }

  static long export(Connection sqlite, List<Column> columns, String table, Path file)
      throws SQLException, IOException {
    StringBuilder select = new StringBuilder("SELECT ");
    for (int i = 0; i < columns.size(); i++) {
      select.append(i == 0 ? "" : ", ").append(Identifiers.quote(columns.get(i).name()));
    }
    select.append(" FROM ").append(Identifiers.quote(table));
    long rows = 0;
    try (OutputStream stream = Files.newOutputStream(file);
        DataOutputStream data = new DataOutputStream(new BufferedOutputStream(stream, 1 << 20));
        Statement st = sqlite.createStatement();
        ResultSet rs = st.executeQuery(select.toString())) {
      data.write(SIGNATURE);
      data.writeInt(0); // flags
      data.writeInt(0); // header extension length
      while (rs.next()) {
        data.writeShort(columns.size());
        for (int i = 0; i < columns.size(); i++) {
          writeField(data, columns.get(i), rs, i + 1);
        }
        rows++;
      }
      data.writeShort(-1);
    }
    return rows;
  }

  private static void writeField(DataOutputStream data, Column column, ResultSet rs, int index)
      throws SQLException, IOException {
    Object value = rs.getObject(index);
    if (value == null) {
      data.writeInt(-1);
      return;
    }
    String type = column.type();
    try {
      if (type.equals("uuid")) {
        UUID uuid = UUID.fromString(value.toString());
        data.writeInt(16);
        data.writeLong(uuid.getMostSignificantBits());
        data.writeLong(uuid.getLeastSignificantBits());
      } else if (type.equals("text")
          || type.startsWith("character varying")
          || type.equals("json")) {
        byte[] bytes = value.toString().getBytes(StandardCharsets.UTF_8);
        data.writeInt(bytes.length);
        data.write(bytes);
      } else if (type.equals("jsonb")) {
        byte[] bytes = value.toString().getBytes(StandardCharsets.UTF_8);
        data.writeInt(bytes.length + 1);
        data.writeByte(1); // jsonb binary format version
        data.write(bytes);
      } else if (type.equals("timestamp with time zone")) {
        Instant instant = instant(value.toString());
        data.writeInt(8);
        data.writeLong(
            Math.multiplyExact(instant.getEpochSecond() - POSTGRES_EPOCH_SECONDS, 1_000_000L)
                + instant.getNano() / 1000);
      } else if (type.equals("bigint")) {
        data.writeInt(8);
        data.writeLong(rs.getLong(index));
      } else if (type.equals("integer")) {
        data.writeInt(4);
        data.writeInt(rs.getInt(index));
      } else if (type.equals("double precision")) {
        data.writeInt(8);
        data.writeDouble(rs.getDouble(index));
      } else if (type.equals("bytea")) {
        byte[] bytes = rs.getBytes(index);
        data.writeInt(bytes.length);
        data.write(bytes);
      } else if (type.startsWith("vector(")) {
        writeVector(data, rs.getBytes(index));
      } else {
        throw new IllegalArgumentException("cannot encode target type " + type);
      }
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new IllegalArgumentException(
          "column " + column.name() + " (" + type + "), value " + value + ": " + e.getMessage(), e);
    }
  }

  private static void writeVector(DataOutputStream data, byte[] blob) throws IOException {
    if (blob.length % Float.BYTES != 0) {
      throw new IllegalArgumentException(
          "a BLOB of " + blob.length + " bytes is no float32 vector");
    }
    int dimensions = blob.length / Float.BYTES;
    ByteBuffer floats = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
    data.writeInt(4 + blob.length);
    data.writeShort(dimensions);
    data.writeShort(0); // unused
    for (int i = 0; i < dimensions; i++) {
      data.writeFloat(floats.getFloat());
    }
  }

  static Instant instant(String text) {
    String iso = text.trim().replace(' ', 'T');
    try {
      return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException zoned) {
      return OffsetDateTime.parse(iso).toInstant();
    }
  }
}
