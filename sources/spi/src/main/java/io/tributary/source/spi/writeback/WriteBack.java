package io.tributary.source.spi.writeback;

import java.sql.SQLException;
import java.util.List;

/**
 * Writes the target's changes back into one source of a migration during the fallback window, in
 * the source's own forms (original keys for keys remapped by {@code uuid5}, JSON as text, times in
 * the text format the column uses, renamed columns under their source names, columns the plan added
 * left out). Made by the {@link WriteBackKind} of the source's kind; used by one thread.
 */
public interface WriteBack extends AutoCloseable {

  /**
   * Writes the changes, in order, in one transaction of the source, past the read-only freeze that
   * keeps the applications out. A change that cannot go back (a value the source refuses, a table
   * it cannot write) is not written and comes back as a reject; the others are written. Writing a
   * change again (after a restart) leaves the same row: an insert or update writes the whole row
   * (an upsert by key), a delete of a missing row does nothing.
   *
   * @throws java.sql.SQLException when the source cannot be written now (the batch is retried)
   */
  WriteBackResult write(List<ReverseChange> changes) throws SQLException;

  /** Releases the connection. */
  @Override
  void close();

  /**
   * What a batch did.
   *
   * @param written the rows written or deleted, one per change that went back
   * @param rejects the changes that could not go back, with the reason
   */
  record WriteBackResult(List<WrittenRow> written, List<ReverseReject> rejects) {
    public WriteBackResult {
      written = List.copyOf(written);
      rejects = List.copyOf(rejects);
    }
  }

  /**
   * A row a change went back to.
   *
   * @param sourceTable the source table
   * @param rowKey the row's key in the source, as a JSON object of source column names to source
   *     values ({@code {"id":"agent-7"}}): what the fallback's verification looks up on both sides
   * @param lsn the change's position in the target's WAL
   */
  record WrittenRow(String sourceTable, String rowKey, String lsn) {}

  /**
   * A change that could not go back.
   *
   * @param sourceTable the source table
   * @param rowKey the row's key (source form when it could be made, else the target's key as JSON)
   * @param op the change's operation code ({@code c}, {@code u}, {@code d})
   * @param row the row as the target had it (JSON of target column names), null for a delete
   * @param reason why, naming the column and the value's problem
   * @param lsn the change's position in the target's WAL
   */
  record ReverseReject(
      String sourceTable, String rowKey, String op, String row, String reason, String lsn) {}
}
