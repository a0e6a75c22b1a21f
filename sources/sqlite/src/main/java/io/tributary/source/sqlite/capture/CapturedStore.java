package io.tributary.source.sqlite.capture;

import io.tributary.common.catalog.TableDef;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * What a change-log capture ({@link SqliteSourceTask}) reads, kept in one SQLite file: the rows of
 * its snapshot and the current rows its change-log entries point at. A SQLite source's own tables
 * ({@link SqliteFileStore}), or the collections of a Chroma store ({@code
 * source.chroma.capture.ChromaStoreRows}), whose changes the same change log records. The task owns
 * the connections and transactions; a store reads on the connection it is given.
 */
public interface CapturedStore extends AutoCloseable {

  /** The SQLite file that holds the change log (the source's file, or a store's database). */
  Path databaseFile();

  /** The kind's name in the envelope's {@code source.connector}: {@code sqlite}, {@code chroma}. */
  String connectorName();

  /** The triggers that log the changes of {@code tables}, as this version writes them. */
  List<ChangeLogStatementBuilder.Trigger> triggers(Connection connection, List<TableDef> tables)
      throws SQLException;

  /**
   * The next rows of a table in key order for its snapshot, in as many short read transactions as
   * it needs.
   *
   * @param read the task's read-only connection, in auto-commit mode
   * @param afterKey key values of the last row delivered; null to start at the first row
   */
  SqliteSnapshotReader.Chunk chunk(
      Connection read, TableDef table, List<Object> afterKey, int limit) throws SQLException;

  /** The table a change-log entry's {@code tbl} names; null when this capture does not read it. */
  TableDef table(String logged);

  /**
   * Checks that the current rows of {@code tables} can be read now as the change log stands (called
   * in the read transaction of a batch).
   *
   * @throws SQLException one {@link io.tributary.source.sqlite.connect.SqliteConnections#isBusy}
   *     recognises when they cannot be read yet: the task waits and reads the batch again, as it
   *     does when the application holds its lock
   */
  default void checkReady(Connection read, Collection<TableDef> tables) throws SQLException {}

  /**
   * The row with exactly these key values as it is now (in the batch's read transaction), in
   * catalog column order; null when it no longer exists.
   */
  Object[] currentRow(Connection read, TableDef table, List<Object> key) throws SQLException;

  /**
   * Records what capture is about to emit of the rows read since the last call, in a write
   * transaction on {@code write}, before they are handed on: for a store whose rows can change
   * where no trigger sees it (sqlite-vec's vec0 chunks, {@link Vec0EmittedRows}). Nothing for
   * others.
   */
  default void recordEmitted(Connection write) throws SQLException {}

  /** Forgets the rows read since the last {@link #recordEmitted}: their read failed. */
  default void discardRead() {}

  /**
   * Logs, as updates in the change log, the rows of the {@code completed} tables (their snapshot
   * delivered) that changed in place since capture emitted them ({@link Vec0ChangeScan}); what it
   * did. Nothing for a store whose every change fires a trigger.
   *
   * @param write a read-write connection in auto-commit mode, for the one write transaction
   */
  default Vec0ChangeScan.Result logChangesInPlace(Connection write, Set<String> completed)
      throws SQLException {
    return Vec0ChangeScan.Result.NONE;
  }

  @Override
  void close();
}
