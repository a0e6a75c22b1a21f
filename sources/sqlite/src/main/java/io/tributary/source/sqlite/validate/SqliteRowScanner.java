package io.tributary.source.sqlite.validate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.value.ValueCastException;
import io.tributary.common.value.ValueCodec;
import io.tributary.source.spi.validate.ChangesAfter;
import io.tributary.source.spi.validate.KeyLookup;
import io.tributary.source.spi.validate.RejectedKeys;
import io.tributary.source.spi.validate.RowDigester;
import io.tributary.source.spi.validate.RowScanner;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads every row of a SQLite source table for a comparison, read-only, in one read transaction per
 * scan, decoding each value exactly as apply decodes it (the plan's casts, remapped keys). Rows
 * apply rejected are skipped; a row that cannot be decoded and was not rejected goes to the sink as
 * undecodable, with its key as capture writes it.
 */
final class SqliteRowScanner implements RowScanner {
  /** Keys looked up per read transaction of a rollback-journal file. */
  static final int KEYS_PER_READ = (int) ShortReads.CHUNK_ROWIDS;

  private final Path file;
  private final TableDef table;
  private final RejectedKeys rejects;

  public SqliteRowScanner(Path file, TableDef table, RejectedKeys rejects) {
    this.file = file;
    this.table = table;
    this.rejects = rejects;
  }

  @Override
  public void scan(RowSink sink) {
    String all = SqliteStatementBuilder.selectAll(table);
    try (Connection connection = SqliteSourceReader.open(file)) {
      try {
        ShortReads reads = ShortReads.ofRows(file, connection, table, ReadHolds.begin(connection));
        List<ReadRange> chunks = reads.ranges();
        if (chunks.isEmpty()) {
          read(connection, all, null, sink);
          reads.endWhole();
          return;
        }
        // a rollback-journal file: one short read transaction per range, so that the
        // application's writes wait at most one range (issue 48); each range is read whole
        // before the sink sees it, so a slow sink (the comparison waiting for the target's side)
        // never holds the lock
        ChunkSink chunk = new ChunkSink();
        for (ReadRange range : reads.reads()) {
          read(connection, all + " WHERE " + range.condition(), range, chunk);
          reads.release();
          chunk.passTo(sink);
        }
      } finally {
        connection.rollback();
      }
    } catch (SQLException e) {
      throw SqliteSourceReader.failure(file, table, e);
    }
  }

  @Override
  public boolean scanAsOf(
      io.tributary.source.spi.validate.KeyRanges ranges, ChangesAfter changes, RowSink sink) {
    if (table.wholeRow() || table.keyColumns().isEmpty()) {
      return false; // the change log names such a table's rows by their values, not by a key
    }
    String all = SqliteStatementBuilder.selectAll(table);
    try (Connection connection = SqliteSourceReader.open(file)) {
      try {
        long begun = ReadHolds.begin(connection);
        if (!ChangeLogTail.installed(connection)) {
          return false;
        }
        ChangeLogTail tail = new ChangeLogTail(table, changes);
        ShortReads reads = ShortReads.ofRows(file, connection, table, begun);
        List<ReadRange> chunks = reads.ranges();
        if (chunks.isEmpty() && !reads.blocksWriters()) {
          // WAL mode: one read transaction, which blocks no writer; the topic is read on inside
          // it if need be, and every row goes on as it is read
          tail.readIn(connection);
          tail.catchUp();
          read(connection, all, null, new AsOfRows(tail, this::sourceKey, false, sink));
          return true;
        }
        // a rollback-journal file's table read in one transaction (few rows, or no rowid or key
        // to range by): its rows are held until it ended, the topic read after
        Iterable<ReadRange> toRead =
            chunks.isEmpty() ? List.of(new ReadRange("1 = 1", List.of())) : reads.reads();
        AsOfRows rows = new AsOfRows(tail, this::sourceKey, true, sink);
        for (ReadRange range : toRead) {
          tail.readIn(connection);
          read(connection, all + " WHERE " + range.condition(), range, rows);
          reads.release();
          tail.catchUp();
          rows.passOn();
        }
        return true;
      } finally {
        connection.rollback();
      }
    } catch (SQLException e) {
      throw SqliteSourceReader.failure(file, table, e);
    }
  }

  @Override
  public boolean scanKeys(List<ObjectNode> keys, RowSink sink) {
    if (KeyLookup.unsupportedInSqlite(table) != null) {
      return false;
    }
    if (!keys.isEmpty()) {
      try (Connection connection = SqliteSourceReader.open(file)) {
        try {
          ShortReads reads = ShortReads.whole(file, connection, ReadHolds.begin(connection));
          if (!reads.blocksWriters()) {
            read(
                connection,
                SqliteStatementBuilder.selectByKeys(table),
                KeyLookup.parameter(table, keys),
                sink);
            reads.endWhole();
            return true;
          }
          // a rollback-journal file: as many keys per read transaction as a range has rowids (a
          // catch-up round looks up every row changed during the precutover verification: 20,000
          // keys in one read held the application's commits for a second)
          ChunkSink chunk = new ChunkSink();
          for (int from = 0; from < keys.size(); from += KEYS_PER_READ) {
            if (from > 0) {
              reads.begin();
            }
            List<ObjectNode> batch =
                keys.subList(from, Math.min(keys.size(), from + KEYS_PER_READ));
            read(
                connection,
                SqliteStatementBuilder.selectByKeys(table),
                KeyLookup.parameter(table, batch),
                chunk);
            reads.release();
            chunk.passTo(sink);
          }
        } finally {
          connection.rollback();
        }
      } catch (SQLException e) {
        throw SqliteSourceReader.failure(file, table, e);
      }
    }
    return true;
  }

  /**
   * Reads the rows the statement selects, its parameters bound: a text (a key lookup's), a range's
   * ({@link ReadRange}), or none.
   */
  private void read(Connection connection, String sql, Object parameter, RowSink sink)
      throws SQLException {
    ColumnDef[] columns = table.columns().toArray(ColumnDef[]::new);
    int[] keyIndexes = RowDigester.keyIndexes(table);
    RowDigester digester = rejects.isEmpty() ? null : new RowDigester(keyIndexes);
    Object[] raw = new Object[columns.length];
    Object[] values = new Object[columns.length];
    List<Object> row = Arrays.asList(values);
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setFetchSize(1000);
      if (parameter instanceof String text) {
        statement.setString(1, text);
      } else if (parameter instanceof ReadRange range) {
        range.bind(statement);
      }
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          String failure = null;
          boolean keyDecoded = true;
          for (int i = 0; i < columns.length; i++) {
            raw[i] = rs.getObject(i + 1);
            try {
              values[i] = ValueCodec.fromSource(raw[i], columns[i]);
            } catch (ValueCastException e) {
              values[i] = null;
              if (failure == null) {
                failure = "column " + columns[i].name() + ": " + e.getMessage();
              }
              // every column is part of a whole-row table's identity
              keyDecoded &= !table.wholeRow() && columns[i].keyPosition() == 0;
            }
          }
          if (digester != null
              && ((keyDecoded && rejects.targetKey(digester.keyText(row)))
                  || rejects.sourceKey(sourceKey(keyIndexes, columns, raw)))) {
            sink.rejected();
            continue;
          }
          if (sink instanceof AsOfRows asOf) {
            asOf.key(keyValues(keyIndexes, raw));
          }
          if (failure != null) {
            sink.undecodable(sourceKey(keyIndexes, columns, raw), failure);
          } else {
            sink.row(row);
          }
        }
      }
    }
  }

  /** The key values of a row as read, in key order. */
  private static Object[] keyValues(int[] keyIndexes, Object[] raw) {
    Object[] out = new Object[keyIndexes.length];
    for (int i = 0; i < keyIndexes.length; i++) {
      out[i] = raw[keyIndexes[i]];
    }
    return out;
  }

  /** A row's key as capture writes it, from its key values as read ({@link #keyValues}). */
  private ObjectNode sourceKey(Object[] keyValues) {
    ColumnDef[] columns = table.columns().toArray(ColumnDef[]::new);
    int[] keyIndexes = RowDigester.keyIndexes(table);
    Object[] raw = new Object[columns.length];
    for (int i = 0; i < keyIndexes.length; i++) {
      raw[keyIndexes[i]] = keyValues[i];
    }
    return sourceKey(keyIndexes, columns, raw);
  }

  /** The row's key as capture writes it: source column names, the raw values' envelope JSON. */
  private static ObjectNode sourceKey(int[] keyIndexes, ColumnDef[] columns, Object[] raw) {
    ObjectNode key = ChangeEventCodec.MAPPER.createObjectNode();
    for (int i : keyIndexes) {
      key.set(columns[i].name(), ValueCodec.toJson(raw[i], columns[i].targetType()));
    }
    return key;
  }

  /** Keeps what a range's read gave, to pass on once its read transaction has ended. */
  private static final class ChunkSink implements RowSink {
    private final List<Runnable> calls = new ArrayList<>();
    private RowSink to;

    @Override
    public void row(List<Object> values) {
      List<Object> copy = new ArrayList<>(values); // the reader reuses its array
      calls.add(() -> to.row(copy));
    }

    @Override
    public void undecodable(ObjectNode sourceKey, String reason) {
      calls.add(() -> to.undecodable(sourceKey, reason));
    }

    @Override
    public void rejected() {
      calls.add(() -> to.rejected());
    }

    void passTo(RowSink sink) {
      to = sink;
      calls.forEach(Runnable::run);
      calls.clear();
    }
  }
}
