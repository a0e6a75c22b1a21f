package io.tributary.source.sqlite.validate;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.value.TableChecksum;
import io.tributary.common.value.ValueCastException;
import io.tributary.common.value.ValueCodec;
import io.tributary.source.spi.validate.SourcePosition;
import io.tributary.source.spi.validate.SourceSide;
import io.tributary.source.spi.validate.ValidationException;
import io.tributary.source.sqlite.catalog.SqliteRowidRanges;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The reads behind {@link SqliteSourceReader#checksum}: a table's rows, or a range's, decoded as
 * apply decodes them and summed; a large table of a WAL file on several connections at one
 * change-log sequence number; a rollback-journal file's in short read transactions ({@link
 * ShortReads}).
 */
final class SqliteChecksumReads {
  private SqliteChecksumReads() {}

  /**
   * The checksum read in short read transactions, one per range ({@link ShortReads}): at the
   * position the first read, when no change was logged until the last; else at no one position (the
   * continuous validation then waits for a quieter moment to align).
   */
  static SourceSide inShortReads(
      Path file, Connection connection, TableDef table, ShortReads reads, SourcePosition first)
      throws SQLException {
    RangeSum sum = new RangeSum();
    for (ReadRange range : reads.reads()) {
      sum.add(read(connection, table, range));
      reads.release();
    }
    return new SourceSide(
        sum.checksum.rows() + sum.undecodable,
        sum.undecodable,
        sum.checksum.hex(),
        movedSince(file, connection, first));
  }

  /**
   * The position a table read in short transactions was read at: the first read's, when no change
   * was logged until the last; else none.
   */
  static SourcePosition movedSince(Path file, Connection connection, SourcePosition first)
      throws SQLException {
    if (first.known() && ChangeLogSide.logSequence(connection) != first.through()) {
      return SourcePosition.unknown(
          "the table of "
              + file
              + " (rollback journal) was read in short transactions while it was written:"
              + " the read holds no one position");
    }
    return first;
  }

  /** The checksum of a table's rows (or a range's) and how many of them did not decode. */
  static final class RangeSum {
    final TableChecksum checksum = new TableChecksum();
    long undecodable;

    void add(RangeSum other) {
      checksum.merge(other.checksum);
      undecodable += other.undecodable;
    }
  }

  /**
   * Reads the ranges on {@code connection} (the first) and one more connection each, all at the
   * change-log sequence number {@code connection} read ({@code sequence}); null, having read
   * nothing, when a write came in between.
   */
  static RangeSum readInParallel(
      Path file,
      Connection connection,
      TableDef table,
      List<SqliteRowidRanges.Range> ranges,
      long sequence)
      throws SQLException {
    List<Connection> others = new ArrayList<>();
    ExecutorService pool = null;
    try {
      for (int i = 1; i < ranges.size(); i++) {
        Connection other = SqliteSourceReader.open(file);
        others.add(other);
        if (ChangeLogSide.logSequence(other) != sequence) {
          return null;
        }
      }
      pool = Executors.newFixedThreadPool(others.size(), SqliteChecksumReads::readerThread);
      List<Future<RangeSum>> reads = new ArrayList<>();
      for (int i = 0; i < others.size(); i++) {
        Connection other = others.get(i);
        SqliteRowidRanges.Range range = ranges.get(i + 1);
        reads.add(pool.submit(() -> read(other, table, ReadRange.of(range))));
      }
      RangeSum sum = read(connection, table, ReadRange.of(ranges.get(0)));
      for (Future<RangeSum> read : reads) {
        sum.add(read.get());
      }
      return sum;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SQLException sql) {
        throw sql;
      }
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new ValidationException("reading the source failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ValidationException("interrupted while reading the source", e);
    } finally {
      if (pool != null) {
        pool.shutdownNow();
      }
      for (Connection other : others) {
        try {
          other.rollback();
          other.close();
        } catch (SQLException e) {
          // read-only: nothing to lose
        }
      }
    }
  }

  private static Thread readerThread(Runnable runnable) {
    Thread thread = new Thread(runnable, "sqlite-checksum");
    thread.setDaemon(true);
    return thread;
  }

  /** Reads every row, or those of a range, decoding each value as apply does. */
  static RangeSum read(Connection connection, TableDef table, ReadRange range) throws SQLException {
    ColumnDef[] columns = table.columns().toArray(ColumnDef[]::new);
    RangeSum sum = new RangeSum();
    String sql = SqliteStatementBuilder.selectAll(table);
    if (range != null) {
      sql += " WHERE " + range.condition();
    }
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setFetchSize(1000);
      if (range != null) {
        range.bind(statement);
      }
      try (ResultSet rs = statement.executeQuery()) {
        List<Object> values = new ArrayList<>(columns.length);
        while (rs.next()) {
          values.clear();
          try {
            for (int i = 0; i < columns.length; i++) {
              values.add(ValueCodec.fromSource(rs.getObject(i + 1), columns[i]));
            }
            sum.checksum.add(values);
          } catch (ValueCastException e) {
            sum.undecodable++;
          }
        }
      }
    }
    return sum;
  }
}
