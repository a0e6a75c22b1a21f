package io.tributary.source.sqlite.validate;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.control.CaptureNames;
import io.tributary.common.plan.SourceKind;
import io.tributary.common.value.ValueCodec;
import io.tributary.source.spi.validate.CapturePosition;
import io.tributary.source.spi.validate.FileFingerprint;
import io.tributary.source.spi.validate.RejectedKeys;
import io.tributary.source.spi.validate.RowScanner;
import io.tributary.source.spi.validate.SourceFingerprint;
import io.tributary.source.spi.validate.SourcePosition;
import io.tributary.source.spi.validate.SourceSide;
import io.tributary.source.spi.validate.ValidatedTable;
import io.tributary.source.spi.validate.ValidationException;
import io.tributary.source.spi.validate.ValidationSource;
import io.tributary.source.spi.validate.WriteMark;
import io.tributary.source.sqlite.catalog.SqliteRowidRanges;
import io.tributary.source.sqlite.freeze.SqliteReadOnlyStatementBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

/**
 * Counts and checksums a table of a SQLite source, read-only: in WAL mode in one read transaction,
 * in a rollback-journal mode in short ones ({@link ShortReads}), since there a reader blocks
 * writers. Rows are streamed, so memory does not grow with the table. Each value is decoded exactly
 * as apply decodes it ({@link ValueCodec}), so equal data gives equal checksums on both sides. The
 * source's location is its file; its fingerprint and last write are those of the file and its
 * write-ahead log ({@link FileFingerprint}).
 */
public final class SqliteSourceReader implements ValidationSource {
  /** Tables with fewer rowids than this are checksummed on one connection. */
  static final long SPLIT_ROWIDS = 100_000;

  private final int readers;
  private final long splitRowids;

  /** Checksums large tables on one connection per processor. */
  public SqliteSourceReader() {
    this(Runtime.getRuntime().availableProcessors(), SPLIT_ROWIDS);
  }

  @Override
  public SourceKind kind() {
    return SourceKind.SQLITE;
  }

  @Override
  public RowScanner rowScanner(ValidatedTable table, RejectedKeys rejects) {
    Path file;
    try {
      file = Path.of(table.location());
    } catch (InvalidPathException | NullPointerException e) {
      throw new ValidationException(
          "source location '" + table.location() + "' is not a file path");
    }
    return new SqliteRowScanner(file, table.definition(), rejects);
  }

  /**
   * @param readers connections a large table is read on at most
   * @param splitRowids tables with fewer rowids than this are read on one connection
   */
  SqliteSourceReader(int readers, long splitRowids) {
    this.readers = Math.max(1, readers);
    this.splitRowids = splitRowids;
  }

  @Override
  public long count(ValidatedTable table) {
    return count(file(table), table.definition());
  }

  @Override
  public SourceSide counted(ValidatedTable table) {
    return counted(file(table), table.definition(), consumer(table));
  }

  @Override
  public SourceSide checksum(ValidatedTable table) {
    return checksum(file(table), table.definition(), consumer(table));
  }

  private static String consumer(ValidatedTable table) {
    return CaptureNames.sqliteConsumer(table.migration(), table.source());
  }

  /**
   * The position the file's capture registration has delivered to Kafka ({@value
   * CaptureNames#SQLITE_CONSUMERS}; capture moves it forward each time it trims the change log).
   */
  @Override
  public CapturePosition captured(ValidatedTable table) {
    Path file;
    try {
      file = file(table);
    } catch (ValidationException e) {
      return CapturePosition.unknown(e.getMessage());
    }
    return ChangeLogSide.captured(file, consumer(table));
  }

  /**
   * The change log's last sequence number once capture installed it (a write to any captured table
   * moves it; capture's own writes to the file — its read marks, its trims — do not, so a table
   * that matched is not read again while the snapshot of another one goes on), else the file's size
   * and modification times.
   */
  @Override
  public SourceFingerprint fingerprint(ValidatedTable table) {
    try {
      return ChangeLogSide.writeMark(Path.of(table.location()));
    } catch (ValidationException | InvalidPathException | NullPointerException e) {
      return null; // validation reports why
    }
  }

  @Override
  public Instant lastWrite(ValidatedTable table, SourceSide side) {
    Path file = file(table);
    try {
      return FileFingerprint.of(file).lastWrite();
    } catch (IOException e) {
      throw new ValidationException("source file " + file + " does not exist", e);
    }
  }

  /**
   * The highest sequence number the file's change log (installed by capture) ever gave out: every
   * write to a captured table logs a change; without a change log, the file's fingerprint.
   */
  @Override
  public WriteMark writeMark(ValidatedTable table) {
    return ChangeLogSide.writeMark(file(table));
  }

  /**
   * True when the table has the freeze's three read-only triggers (of its migration source) and the
   * write-back gate its guard: then no application write reached it since the freeze. A virtual
   * table (frozen through its shadow or content tables) is not told: false.
   */
  @Override
  public boolean writesGuarded(ValidatedTable table) {
    TableDef definition = table.definition();
    if (definition == null) {
      return false;
    }
    List<String> names =
        SqliteReadOnlyStatementBuilder.triggerNames(
            definition.targetSchema(), definition.sourceTable());
    try (Connection connection = open(file(table));
        PreparedStatement ps =
            connection.prepareStatement(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"
                    + " AND ((tbl_name = ? AND name IN (?, ?, ?)) OR name = ?)")) {
      ps.setString(1, definition.sourceTable());
      for (int i = 0; i < names.size(); i++) {
        ps.setString(2 + i, names.get(i));
      }
      ps.setString(2 + names.size(), SqliteReadOnlyStatementBuilder.GATE_GUARD_TRIGGER);
      try (ResultSet rs = ps.executeQuery()) {
        return names.size() == 3 && rs.next() && rs.getInt(1) == names.size() + 1;
      } finally {
        connection.rollback();
      }
    } catch (SQLException | ValidationException e) {
      return false;
    }
  }

  private static Path file(ValidatedTable table) {
    try {
      return Path.of(table.location());
    } catch (InvalidPathException | NullPointerException e) {
      throw new ValidationException(
          "source location '" + table.location() + "' is not a file path");
    }
  }

  /** The number of rows of the table. */
  public long count(Path file, TableDef table) {
    return counted(file, table, null).rows();
  }

  /**
   * The number of rows of the table and the change-log position it was read at.
   *
   * @param consumer capture's registration in the file, null to leave its progress out
   */
  public SourceSide counted(Path file, TableDef table, String consumer) {
    try (Connection connection = open(file)) {
      try {
        long begun = ReadHolds.begin(connection);
        SourcePosition position =
            ChangeLogSide.position(connection, file, table.sourceTable(), consumer);
        ShortReads reads = ShortReads.ofCount(file, connection, table, begun);
        if (reads.ranges().isEmpty()) {
          try (Statement statement = connection.createStatement();
              ResultSet rs = statement.executeQuery(SqliteStatementBuilder.count(table))) {
            rs.next();
            long rows = rs.getLong(1);
            reads.endWhole();
            return SourceSide.counted(rows, position);
          }
        }
        long rows = 0;
        for (ReadRange range : reads.reads()) {
          try (PreparedStatement statement =
              connection.prepareStatement(
                  SqliteStatementBuilder.countInRange(table, range.condition()))) {
            range.bind(statement);
            try (ResultSet rs = statement.executeQuery()) {
              rs.next();
              rows += rs.getLong(1);
            }
          }
          reads.release();
        }
        return SourceSide.counted(rows, SqliteChecksumReads.movedSince(file, connection, position));
      } finally {
        connection.rollback();
      }
    } catch (SQLException e) {
      throw failure(file, table, e);
    }
  }

  /**
   * Reads every row: the checksum of those whose values all decode to their target types, and the
   * number of those that do not (apply must have rejected them).
   */
  public SourceSide checksum(Path file, TableDef table) {
    return checksum(file, table, null);
  }

  /**
   * The same, and the change-log position it was read at.
   *
   * <p>A large table (by default more than {@value #SPLIT_ROWIDS} rowids) is read in rowid ranges
   * on one connection per processor, when every connection reads the same data: each starts its
   * read transaction by reading the change log's last sequence number, and every write to a
   * captured table takes a new one in its own transaction, so equal numbers mean equal snapshots of
   * the table. When a write came in between, or the file has no change log, the table is read on
   * one connection.
   *
   * @param consumer capture's registration in the file, null to leave its progress out
   */
  public SourceSide checksum(Path file, TableDef table, String consumer) {
    SourcePosition position;
    SqliteChecksumReads.RangeSum sum;
    try (Connection connection = open(file)) {
      try {
        long begun = ReadHolds.begin(connection);
        position = ChangeLogSide.position(connection, file, table.sourceTable(), consumer);
        ShortReads reads = ShortReads.ofRows(file, connection, table, begun);
        if (!reads.ranges().isEmpty()) {
          return SqliteChecksumReads.inShortReads(file, connection, table, reads, position);
        }
        List<SqliteRowidRanges.Range> ranges =
            !position.known()
                ? List.of()
                : SqliteRowidRanges.split(
                    connection,
                    SqliteStatementBuilder.quotedTable(table),
                    table.columns(),
                    readers,
                    splitRowids);
        sum =
            ranges.isEmpty()
                ? null
                : SqliteChecksumReads.readInParallel(
                    file, connection, table, ranges, position.through());
        if (sum == null) {
          sum = SqliteChecksumReads.read(connection, table, null);
          reads.endWhole();
        }
      } finally {
        connection.rollback();
      }
    } catch (SQLException e) {
      throw failure(file, table, e);
    }
    return new SourceSide(
        sum.checksum.rows() + sum.undecodable, sum.undecodable, sum.checksum.hex(), position);
  }

  /**
   * The longest a read of this process held the table's file's lock since the last call, in
   * milliseconds (a rollback-journal file: an application's commit waited at most that long); null
   * for a WAL file, whose readers block no writer.
   */
  @Override
  public Long takeLongestReadLock(ValidatedTable table) {
    return ReadHolds.take(file(table));
  }

  static Connection open(Path file) throws SQLException {
    return ChangeLogSide.open(file);
  }

  static ValidationException failure(Path file, TableDef table, SQLException e) {
    if (!Files.isRegularFile(file)) {
      return new ValidationException("source file " + file + " does not exist", e);
    }
    String message = String.valueOf(e.getMessage());
    if (message.contains("no such table")) {
      return new ValidationException(
          "source table " + table.sourceTable() + " does not exist in " + file, e);
    }
    if (message.contains("no such column")) {
      return new ValidationException(
          "source table "
              + table.sourceTable()
              + " in "
              + file
              + " no longer has the recorded columns: "
              + message,
          e);
    }
    return new ValidationException(
        "cannot read source table " + table.sourceTable() + " in " + file + ": " + message, e);
  }
}
