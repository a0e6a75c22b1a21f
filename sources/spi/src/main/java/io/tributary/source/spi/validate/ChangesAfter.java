package io.tributary.source.spi.validate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The rows of one table changed after a cutover's position P, for a precutover comparison that
 * compares every other row as it was at P ({@link RowScanner#scanAsOf}): P in the source's own
 * terms, and the keys the table's change topic says changed after it. A source that reads in short
 * transactions learns the newest changes from its own change log in each of them; the topic holds
 * those its capture has delivered and removed from the log since.
 *
 * <p>Used by one scan at a time, from the scanning thread.
 */
public interface ChangesAfter {
  /**
   * P as the source positions its changes: every change after P has a higher position, every one
   * before it a lower or equal one (a SQLite source's change-log sequence).
   */
  long position();

  /**
   * The keys (capture's form: source column names) of the rows the topic says changed after P, as
   * of its last read, in the order read: each {@link #readOn} adds the keys it read at the end.
   */
  List<ObjectNode> known();

  /**
   * Reads the topic on to its current end, so that {@link #known} holds every change capture had
   * delivered before this call.
   *
   * @throws ValidationException when the topic cannot be read
   */
  void readOn();
}
