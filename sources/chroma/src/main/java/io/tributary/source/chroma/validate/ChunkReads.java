package io.tributary.source.chroma.validate;

import io.tributary.source.chroma.store.ChromaCollectionReader;
import io.tributary.source.spi.validate.SourcePosition;
import io.tributary.source.sqlite.connect.SqliteConnections;
import io.tributary.source.sqlite.validate.ChangeLogSide;
import io.tributary.source.sqlite.validate.ReadHolds;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Short read transactions for a Chroma store's database (issue 48). Chroma sets no journal mode:
 * its {@code chroma.sqlite3} is in SQLite's default rollback-journal mode, where a reader's shared
 * lock keeps Chroma's own writes from committing until the read transaction ends. There a
 * collection is read one chunk ({@value ChromaSourceReader#CHUNK} records) per read transaction:
 * after each chunk the transaction ends (Chroma's writes waiting on it go first) and the next one
 * starts caught up with Chroma's queue again; how long each held the lock is recorded ({@link
 * ReadHolds}), from the moment each has its lock to its end. In WAL mode a collection is read in
 * one transaction, a snapshot at one position. One instance per read, on its connection, made when
 * its read transaction has begun ({@link ChromaSourceReader#awaitCaughtUp}).
 */
final class ChunkReads {
  private final Path file;
  private final Connection connection;
  private final boolean blocksWriters;
  private long since;
  private boolean released;

  /**
   * @param begun when the connection's read transaction took its lock ({@link ReadHolds#begin})
   */
  ChunkReads(Path file, Connection connection, long begun) throws SQLException {
    this.file = file;
    this.connection = connection;
    this.blocksWriters = SqliteConnections.readersBlockWriters(connection);
    this.since = begun;
  }

  /**
   * A chunk was read (its records are in memory): in a rollback-journal file the transaction ends
   * here, before the records are handed on (a comparison waiting for the target's side holds no
   * lock).
   */
  void chunkRead() throws SQLException {
    if (blocksWriters) {
      release();
    }
  }

  /**
   * The next chunk is read next: in a rollback-journal file in a transaction of its own, begun
   * caught up with Chroma's queue; its hold is timed from the moment it has its lock.
   */
  void next(ChromaCollectionReader reader) throws SQLException {
    if (blocksWriters) {
      since = ChromaSourceReader.awaitCaughtUp(connection, reader);
    }
  }

  /** The read (done in one transaction) ended: its hold is recorded in a rollback-journal file. */
  void ended() throws SQLException {
    if (blocksWriters) {
      release();
    }
  }

  /**
   * The position the read holds: the first transaction's, when no change was logged until the last
   * (or it was read in one); else none.
   */
  SourcePosition position(SourcePosition first) throws SQLException {
    if (!released || !first.known() || ChangeLogSide.logSequence(connection) == first.through()) {
      return first;
    }
    return SourcePosition.unknown(
        "the collection in "
            + file
            + " (rollback journal) was read in short transactions while it was written: the read"
            + " holds no one position");
  }

  private void release() throws SQLException {
    connection.rollback();
    ReadHolds.held(file, System.nanoTime() - since);
    released = true;
  }
}
