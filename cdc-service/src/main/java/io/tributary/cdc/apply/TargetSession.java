package io.tributary.cdc.apply;

import java.util.List;

/**
 * One open transaction on the target, as apply's control-schema steps need it ({@link
 * StoredOffsets}, {@link SnapshotGenerations}, {@link BatchTransaction}): the same statements, in
 * the same text ({@link ApplyStatements}, parameters {@code $1, $2, ...} each used once, in order),
 * whichever client holds the transaction — the Vert.x client for batches of changes, pgJDBC for
 * batches copied with {@code COPY}.
 *
 * <p>Parameters are String, Integer, Long, Boolean, null, or arrays String[], Integer[], Long[]
 * (bound as {@code text[]}, {@code int[]}, {@code bigint[]}). Errors are the client's own
 * exceptions; {@link TargetErrors} reads their SQLSTATE.
 */
interface TargetSession {
  /** The rows of a query, each as its column values in select order. */
  List<Object[]> query(String sql, Object... parameters);

  /** Runs a statement; returns the rows it changed. */
  long update(String sql, Object... parameters);

  /** Runs one statement once per parameter row. */
  void batch(String sql, List<Object[]> rows);

  /** Runs a statement without parameters (DDL, {@code SAVEPOINT}, a simple-protocol script). */
  void execute(String sql);
}
