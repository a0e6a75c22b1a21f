package io.tributary.source.sqlite.fallback;

import io.tributary.common.value.ValueCastException;
import io.tributary.source.spi.writeback.JdbcWriteBack;
import io.tributary.source.spi.writeback.KeyOriginals;
import io.tributary.source.spi.writeback.ReverseChange;
import io.tributary.source.spi.writeback.ReverseRowMapper;
import io.tributary.source.spi.writeback.SavepointedChanges;
import io.tributary.source.spi.writeback.StatementCache;
import io.tributary.source.spi.writeback.WriteBackKind.WriteBackSource;
import io.tributary.source.spi.writeback.WriteBackResults;
import io.tributary.source.sqlite.connect.SqliteConnections;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the target's changes back into a SQLite source file during the fallback window. Each batch
 * is one {@code BEGIN IMMEDIATE} transaction (the write lock first, so it cannot deadlock with an
 * application's writer halfway) that opens the freeze's write-back gate first and closes it last
 * ({@link SqliteWriteBackGate}); each change runs in its own {@code SAVEPOINT}, so a change the
 * file refuses (a CHECK or NOT NULL constraint, a value an {@code INTEGER PRIMARY KEY} cannot hold,
 * a virtual table the connection cannot write) is undone alone and becomes a reject with SQLite's
 * reason, and the others commit. What makes the whole batch fail and be retried instead: the file
 * locked past the wait (SQLITE_BUSY), I/O errors, a full disk, a file that is not a database any
 * more.
 *
 * <p>Foreign keys are not enforced on this connection (SQLite's default): rows land as the target
 * has them, and what a cascade did on the target comes as changes of its own. The applications' own
 * triggers do fire (SQLite has nothing like PostgreSQL's replica role), as for any writer.
 */
final class SqliteWriteBack extends JdbcWriteBack {
  private static final Logger LOG = LoggerFactory.getLogger(SqliteWriteBack.class);

  /** SQLite's primary result codes that fail the batch rather than one change. */
  private static final Set<Integer> FATAL =
      Set.of(
          5, // SQLITE_BUSY
          6, // SQLITE_LOCKED
          7, // SQLITE_NOMEM
          8, // SQLITE_READONLY
          9, // SQLITE_INTERRUPT
          10, // SQLITE_IOERR
          11, // SQLITE_CORRUPT
          13, // SQLITE_FULL
          14, // SQLITE_CANTOPEN
          15, // SQLITE_PROTOCOL
          26); // SQLITE_NOTADB

  private final Path file;
  private final Connection connection;
  private final SqliteWriteBackGate gate;
  private final SqliteSourceTables tables;
  private final SavepointedChanges changes;

  SqliteWriteBack(Path file, Connection connection, WriteBackSource source) {
    this(file, connection, new StatementCache(connection), source);
  }

  private SqliteWriteBack(
      Path file, Connection connection, StatementCache statements, WriteBackSource source) {
    super(LOG, file, connection, statements);
    this.file = file;
    this.connection = connection;
    this.gate =
        new SqliteWriteBackGate(
            connection, "tributary write-back " + source.migration() + "/" + source.source());
    this.tables = new SqliteSourceTables(connection);
    ReverseRowMapper mapper =
        new ReverseRowMapper(
            new KeyOriginals(
                source.migration(),
                source.source(),
                source.tables(),
                new SqliteSourceKeys(connection)));
    SqliteRowValues values = new SqliteRowValues(new SqliteColumnForms(connection, tables));
    SqliteRowWriter writer = new SqliteRowWriter(statements, tables, values);
    this.changes =
        new SavepointedChanges(
            LOG, mapper, writer::write, e -> FATAL.contains(e.getErrorCode() & 0xff), this::reason);
  }

  /** Makes the file's read-only triggers let the write-back through (see the gate). */
  void prepare() throws SQLException {
    gate.upgrade(file);
  }

  @Override
  protected WriteBackResult writeBatch(List<ReverseChange> changes) throws SQLException {
    return SqliteConnections.inWriteTransaction(
        connection,
        () -> {
          WriteBackResults results = new WriteBackResults();
          gate.open();
          for (ReverseChange change : changes) {
            writeOne(change, results);
          }
          gate.close();
          return results.result();
        });
  }

  private void writeOne(ReverseChange change, WriteBackResults results) throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.execute(SqliteWriteBackStatementBuilder.savepoint("change"));
      changes.write(
          change,
          results,
          () -> st.execute(SqliteWriteBackStatementBuilder.release("change")),
          () -> {
            st.execute(SqliteWriteBackStatementBuilder.rollbackTo("change"));
            st.execute(SqliteWriteBackStatementBuilder.release("change"));
          });
    }
  }

  private String reason(ReverseChange change, Exception e) throws SQLException {
    if (e instanceof ValueCastException) {
      return e.getMessage();
    }
    SqliteSourceTables.Info info = tables.info(change.table());
    return "SQLite refused the "
        + verb(change)
        + " of table '"
        + change.table().sourceTable()
        + "'"
        + info.described()
        + ": "
        + e.getMessage();
  }

  private static String verb(ReverseChange change) {
    return switch (change.op()) {
      case CREATE -> "insert";
      case UPDATE -> "update";
      case DELETE -> "delete";
      case READ -> "read";
    };
  }
}
