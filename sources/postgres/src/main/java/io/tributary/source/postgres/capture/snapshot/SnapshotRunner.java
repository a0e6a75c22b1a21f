package io.tributary.source.postgres.capture.snapshot;

import java.sql.SQLException;

/**
 * A snapshot read as {@link ParallelSnapshotStep} drives it ({@link PostgresSnapshotRunner}): made
 * ready on the slot's exported snapshot or on one taken now, run over a job, stoppable from another
 * thread, closed after.
 */
public interface SnapshotRunner extends AutoCloseable {
  /**
   * Creates the slot with its snapshot exported and makes the readers ready on it.
   *
   * @return the slot's consistent point
   */
  String prepare(String slotName) throws SQLException;

  /**
   * Makes the readers ready on a snapshot taken now (a read resumed in the same generation).
   *
   * @return where the snapshot was taken
   */
  String prepareResumed() throws SQLException;

  /**
   * Reads the job's tables.
   *
   * @return true when every table is done, false when stopped first
   */
  boolean run(SnapshotJob job) throws SQLException, InterruptedException;

  /** Ends a run early. */
  void stop();

  /** Ends the readers' transactions. */
  @Override
  void close();
}
