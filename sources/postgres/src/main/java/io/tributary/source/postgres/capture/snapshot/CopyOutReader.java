package io.tributary.source.postgres.capture.snapshot;

import io.tributary.common.copy.CopyRows;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.function.BooleanSupplier;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * Runs one {@code COPY ... TO STDOUT (FORMAT binary)} on a reader's connection and hands each row,
 * as its bytes in the stream, to a consumer as soon as the server has sent all of it; rows are
 * never decoded. Asked to stop, it cancels the {@code COPY} between rows.
 */
final class CopyOutReader {
  /** Takes the rows of a stream. */
  interface Rows {
    /**
     * One row: {@code length} bytes of {@code buffer} from {@code offset} (its field count and
     * fields), valid only during the call.
     */
    void row(byte[] buffer, int offset, int length);
  }

  private final Connection connection;
  private byte[] pending = new byte[64 * 1024];
  private int start;
  private int limit;
  private boolean header;
  private boolean ended;

  /**
   * @param connection a reader's connection
   */
  CopyOutReader(Connection connection) {
    this.connection = connection;
  }

  /**
   * Reads the rows of one {@code COPY}.
   *
   * @param stop asked between rows: true cancels the {@code COPY}
   * @return true when every row was read, false when stopped
   * @throws SQLException when the server fails the {@code COPY} or sends a malformed stream
   */
  boolean read(String sql, Rows rows, BooleanSupplier stop) throws SQLException {
    start = 0;
    limit = 0;
    header = false;
    ended = false;
    CopyOut copy = connection.unwrap(PGConnection.class).getCopyAPI().copyOut(sql);
    try {
      byte[] message;
      while ((message = copy.readFromCopy()) != null) {
        if (stop.getAsBoolean()) {
          copy.cancelCopy();
          return false;
        }
        take(message, rows);
      }
    } catch (IllegalArgumentException e) {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
      throw new SQLException(
          "the COPY of a snapshot range sent a malformed stream: " + e.getMessage(), e);
    }
    if (!ended || start != limit) {
      throw new SQLException("the COPY of a snapshot range ended without its trailer");
    }
    return true;
  }

  /** Takes one message: rows it completes go to {@code rows}, a partial row waits for the next. */
  private void take(byte[] message, Rows rows) {
    if (start == limit) {
      // nothing pending: rows whole in the message are read in place
      int used = scan(message, 0, message.length, rows);
      start = 0;
      limit = 0;
      append(message, used, message.length - used);
      return;
    }
    append(message, 0, message.length);
    start = scan(pending, start, limit, rows);
  }

  /**
   * Reads the complete parts of {@code buffer} from {@code offset}; returns where the rest starts.
   */
  private int scan(byte[] buffer, int offset, int end, Rows rows) {
    int at = offset;
    if (!header) {
      int length = CopyRows.headerLength(buffer, at, end);
      if (length == CopyRows.INCOMPLETE) {
        return at;
      }
      header = true;
      at += length;
    }
    while (!ended) {
      int length = CopyRows.rowLength(buffer, at, end);
      if (length == CopyRows.INCOMPLETE) {
        return at;
      }
      if (length == CopyRows.TRAILER) {
        ended = true;
        return at + 2;
      }
      rows.row(buffer, at, length);
      at += length;
    }
    if (at != end) {
      throw new IllegalArgumentException((end - at) + " bytes after the trailer");
    }
    return at;
  }

  private void append(byte[] bytes, int offset, int length) {
    if (length == 0) {
      return;
    }
    if (start > 0) {
      System.arraycopy(pending, start, pending, 0, limit - start);
      limit -= start;
      start = 0;
    }
    if (limit + length > pending.length) {
      pending = Arrays.copyOf(pending, Math.max(limit + length, 2 * pending.length));
    }
    System.arraycopy(bytes, offset, pending, limit, length);
    limit += length;
  }
}
