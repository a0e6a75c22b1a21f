package io.tributary.source.spi.validate;

import io.tributary.common.catalog.TableDef;
import java.util.List;

/**
 * The validator's reads of a PostgreSQL server, offered to a kind whose sources are PostgreSQL
 * databases: the target is PostgreSQL, so the validator owns the code that reads a PostgreSQL table
 * (values decoded as the target's are) and its connections, one small pool per source location.
 * Blocking; each read is bounded by the validator's query timeout, and a failure becomes what
 * {@link ReadFailures} makes of it.
 */
public interface PgTableReads {

  /**
   * The rows of one query on the server at {@code location}, each row's values in column order.
   *
   * @param parameters bound to {@code $1}, {@code $2}…; none: the query runs unprepared
   * @throws ValidationException when the location is not a PostgreSQL URL
   */
  List<List<Object>> query(
      String location, String sql, List<Object> parameters, ReadFailures failures);

  /**
   * Counts, or counts and checksums, a table in one read-only REPEATABLE READ transaction: runs
   * {@code before} on the pool first (outside the transaction), then {@code atSnapshot} as the
   * transaction's first statement (its snapshot is taken there), then reads the table.
   *
   * @param table the table, its target names naming what to read
   * @throws ValidationException when the location is not a PostgreSQL URL
   */
  SnapshotRead read(
      String location,
      String before,
      String atSnapshot,
      TableDef table,
      boolean withChecksum,
      ReadFailures failures);

  /**
   * Reads every row of a table for a comparison, each scan in one read-only REPEATABLE READ
   * transaction (the target's own row scanner); a scan past the timeout fails with a message naming
   * the table, other failures become what {@link ReadFailures#failed} makes of them.
   *
   * @param table the table, its target names naming what to read
   */
  RowScanner rowScanner(
      String location, TableDef table, RejectedKeys rejects, ReadFailures failures);

  /**
   * What one {@link #read} got.
   *
   * @param before the first row of the statement run before the transaction
   * @param atSnapshot the first row of the transaction's first statement
   * @param rows the number of rows of the table
   * @param checksum their checksum, null when they were only counted
   */
  record SnapshotRead(List<Object> before, List<Object> atSnapshot, long rows, String checksum) {}

  /**
   * A read that failed.
   *
   * @param cause what failed
   * @param sqlState the server's SQLSTATE when the server refused the statement, else null
   * @param serverMessage the server's message without its decorations, null with {@code sqlState}
   */
  record ReadError(Throwable cause, String sqlState, String serverMessage) {}

  /** What a failed read becomes, in an operator's words. */
  interface ReadFailures {
    /** A read that failed (a {@link ValidationException} thrown by the caller passes as it is). */
    RuntimeException failed(ReadError error);

    /** A read that took longer than the query timeout. */
    RuntimeException timedOut(Throwable timeout);
  }
}
