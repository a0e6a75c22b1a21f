package io.tributary.source.sqlite.vtab;

import io.tributary.common.naming.Identifiers;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.sqlite.Function;

/**
 * The SQL functions {@link Vec0ViewBuilder}'s views decode sqlite-vec's packed slots with,
 * registered on a connection of Tributary's (never in the application's file). sqlite-vec writes
 * native byte order, little-endian on every platform it ships for.
 */
public final class Vec0Functions {
  /** {@code tributary_vec0_int64(blob)}: the slot's 8 bytes as a signed integer. */
  public static final String INT64 = "tributary_vec0_int64";

  /** {@code tributary_vec0_float64(blob)}: the slot's 8 bytes as a double. */
  public static final String FLOAT64 = "tributary_vec0_float64";

  /**
   * {@code tributary_vec0_bit(blob, offset)}: bit {@code offset} of a bitmap (LSB first), 0 or 1.
   */
  public static final String BIT = "tributary_vec0_bit";

  /**
   * {@code tributary_vec0_short_text(blob)}: a 16-byte text slot (length, then up to 12 bytes of
   * UTF-8) as text when it holds the whole value; NULL when longer (the whole is in {@code
   * t_metadatatextNN}).
   */
  public static final String SHORT_TEXT = "tributary_vec0_short_text";

  /** {@code tributary_vec0_int8_to_float32(blob)}: an int8 vector as a float32 vector. */
  public static final String INT8_TO_FLOAT32 = "tributary_vec0_int8_to_float32";

  /**
   * {@code tributary_vec0_vector('t_vector_chunks00', chunk_id, offset, bytes)}: the slot's bytes
   * of a vector chunk. SQLite reads a whole column value to take a part of it, and a chunk holds
   * 1024 vectors (3 MiB at 768 dimensions), so {@code substr} of the chunk costs a chunk per row;
   * this reads each chunk once and keeps the last one, for as long as no other connection has
   * committed ({@code PRAGMA data_version}).
   */
  public static final String VECTOR = "tributary_vec0_vector";

  /** Text slots carry this many bytes of the value inline. */
  static final int INLINE_TEXT = 12;

  private Vec0Functions() {}

  /** Registers the functions on a connection (idempotent). */
  public static void register(Connection connection) throws SQLException {
    Function.create(connection, INT64, new EightBytes(false), 1, Function.FLAG_DETERMINISTIC);
    Function.create(connection, FLOAT64, new EightBytes(true), 1, Function.FLAG_DETERMINISTIC);
    Function.create(connection, BIT, new Bit(), 2, Function.FLAG_DETERMINISTIC);
    Function.create(connection, SHORT_TEXT, new ShortText(), 1, Function.FLAG_DETERMINISTIC);
    Function.create(
        connection, INT8_TO_FLOAT32, new Int8ToFloat32(), 1, Function.FLAG_DETERMINISTIC);
    Function.create(connection, VECTOR, new VectorSlot(connection), 4, 0);
  }

  private static ByteBuffer slot(byte[] bytes) {
    return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** A slot's first 8 bytes as an integer or, {@code floating}, as a double. */
  private static final class EightBytes extends Function {
    private final boolean floating;

    EightBytes(boolean floating) {
      this.floating = floating;
    }

    @Override
    protected void xFunc() throws SQLException {
      byte[] b = value_blob(0);
      if (b == null || b.length < 8) {
        result();
      } else if (floating) {
        result(slot(b).getDouble());
      } else {
        result(slot(b).getLong());
      }
    }
  }

  private static final class Bit extends Function {
    @Override
    protected void xFunc() throws SQLException {
      byte[] b = value_blob(0);
      long offset = value_long(1);
      if (b == null || offset < 0 || offset / 8 >= b.length) {
        result();
      } else {
        result((b[(int) (offset / 8)] >> (offset % 8)) & 1);
      }
    }
  }

  private static final class ShortText extends Function {
    @Override
    protected void xFunc() throws SQLException {
      byte[] b = value_blob(0);
      if (b == null || b.length < 4) {
        result();
        return;
      }
      int length = slot(b).getInt();
      if (length < 0 || length > INLINE_TEXT || length > b.length - 4) {
        result();
      } else {
        result(new String(b, 4, length, StandardCharsets.UTF_8));
      }
    }
  }

  private static final class Int8ToFloat32 extends Function {
    @Override
    protected void xFunc() throws SQLException {
      byte[] b = value_blob(0);
      if (b == null) {
        result();
        return;
      }
      ByteBuffer out = ByteBuffer.allocate(b.length * 4).order(ByteOrder.LITTLE_ENDIAN);
      for (byte v : b) {
        out.putFloat(v);
      }
      result(out.array());
    }
  }

  /** Reads chunks on the calling connection (inside its statement, so in its read snapshot). */
  private static final class VectorSlot extends Function {
    private final Connection connection;
    private final Map<String, PreparedStatement> reads = new HashMap<>();
    private PreparedStatement dataVersion;
    private String cachedTable;
    private long cachedChunk;
    private long cachedVersion;
    private byte[] cached;

    VectorSlot(Connection connection) {
      this.connection = connection;
    }

    @Override
    protected void xFunc() throws SQLException {
      String table = value_text(0);
      long chunk = value_long(1);
      long offset = value_long(2);
      int bytes = value_int(3);
      long version = version();
      if (cached == null
          || chunk != cachedChunk
          || version != cachedVersion
          || !table.equals(cachedTable)) {
        cached = chunk(table, chunk);
        cachedTable = table;
        cachedChunk = chunk;
        cachedVersion = version;
      }
      long start = offset * bytes;
      if (cached == null || offset < 0 || start + bytes > cached.length) {
        result();
        return;
      }
      byte[] out = new byte[bytes];
      System.arraycopy(cached, (int) start, out, 0, bytes);
      result(out);
    }

    private long version() throws SQLException {
      if (dataVersion == null) {
        dataVersion = connection.prepareStatement("PRAGMA data_version");
      }
      try (ResultSet rs = dataVersion.executeQuery()) {
        return rs.next() ? rs.getLong(1) : -1;
      }
    }

    private byte[] chunk(String table, long chunk) throws SQLException {
      PreparedStatement read = reads.get(table);
      if (read == null) {
        read =
            connection.prepareStatement(
                "SELECT \"vectors\" FROM " + Identifiers.quote(table) + " WHERE _rowid_ = ?");
        reads.put(table, read);
      }
      read.setLong(1, chunk);
      try (ResultSet rs = read.executeQuery()) {
        return rs.next() ? rs.getBytes(1) : null;
      }
    }
  }
}
