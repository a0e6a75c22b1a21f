package io.tributary.source.sqlite.validate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.control.CaptureNames;
import io.tributary.common.naming.Identifiers;
import io.tributary.source.spi.validate.ChangesAfter;
import io.tributary.source.sqlite.capture.EnvelopeKeys;
import io.tributary.source.sqlite.capture.TypedKeyCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rows of one table changed after a cutover's position P, as a scan as of P learns them in its
 * short read transactions ({@link io.tributary.source.spi.validate.RowScanner#scanAsOf}): in each
 * transaction the change log's entries of the table logged since the last one read; and, when
 * capture had removed entries the scan had not read yet (it trims what it delivered), the keys it
 * delivered to the table's topic meanwhile ({@link ChangesAfter#readOn}, after the transaction
 * ended: the topic then holds every entry removed before it). A row whose key is among them changed
 * between P and its read; any other was read as it was at P.
 *
 * <p>Keys are compared in the change log's typed form ({@link TypedKeyCodec}: storage class and
 * value), the keys the topic names and the rows' own key values encoded the same way.
 */
final class ChangeLogTail {
  /** The table's entries after a sequence number ($1 the table's logged name, $2 the number). */
  static final String ENTRIES_AFTER =
      "SELECT seq, key FROM "
          + Identifiers.quote(CaptureNames.SQLITE_CHANGE_LOG)
          + " WHERE tbl = ? AND seq > ? ORDER BY seq";

  /** The oldest entry the log still holds (null when it is empty). */
  static final String OLDEST =
      "SELECT min(seq) FROM " + Identifiers.quote(CaptureNames.SQLITE_CHANGE_LOG);

  private final TableDef table;
  private final ChangesAfter changes;
  private final Set<String> changed = new HashSet<>();

  /** The log's entries up to this sequence number are read (or were delivered to the topic). */
  private long readUpTo;

  /** Entries after {@link #readUpTo} may have been removed unread: the topic must be read on. */
  private boolean removedUnread;

  /** How many of the topic's keys are in {@link #changed}. */
  private int knownTaken;

  ChangeLogTail(TableDef table, ChangesAfter changes) {
    this.table = table;
    this.changes = changes;
    this.readUpTo = changes.position();
  }

  /**
   * Whether the file has a change log to read: without one (capture not installed) nothing tells
   * which rows changed after P.
   */
  static boolean installed(Connection connection) throws SQLException {
    return ChangeLogSide.hasTable(connection, CaptureNames.SQLITE_CHANGE_LOG);
  }

  /**
   * Reads the table's entries logged since the last read, in the connection's read transaction (the
   * one that reads the rows they apply to).
   */
  void readIn(Connection connection) throws SQLException {
    long sequence = ChangeLogSide.logSequence(connection);
    Long oldest;
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(OLDEST)) {
      rs.next();
      long min = rs.getLong(1);
      oldest = rs.wasNull() ? null : min;
    }
    // capture removes entries from the oldest on: any after readUpTo is still there unless the
    // oldest left is past it
    if (oldest == null ? sequence > readUpTo : oldest > readUpTo + 1) {
      removedUnread = true;
    }
    try (PreparedStatement statement = connection.prepareStatement(ENTRIES_AFTER)) {
      statement.setString(1, table.sourceTable());
      statement.setLong(2, readUpTo);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          add(logged(rs.getString(2)));
        }
      }
    }
    readUpTo = Math.max(readUpTo, sequence);
  }

  /**
   * Outside the read transaction: reads the topic on when the log no longer held every entry since
   * the last read, and takes the keys the topic names.
   */
  void catchUp() {
    if (removedUnread) {
      changes.readOn();
      removedUnread = false;
    }
    List<ObjectNode> known = changes.known();
    for (; knownTaken < known.size(); knownTaken++) {
      add(delivered(known.get(knownTaken)));
    }
  }

  /** Whether the row of these key values (in key order, as read) changed after P. */
  boolean changed(Object[] keyValues) {
    // encoding every row's key is the scan's cost per row: none while nothing changed after P
    return !changed.isEmpty() && changed.contains(TypedKeyCodec.encode(Arrays.asList(keyValues)));
  }

  /** How many rows are known to have changed after P. */
  int size() {
    return changed.size();
  }

  private void add(String typedKey) {
    if (typedKey != null) {
      changed.add(typedKey);
    }
  }

  /** A logged key in the typed form the rows' keys are encoded in; null when unreadable. */
  private static String logged(String key) {
    try {
      return TypedKeyCodec.encode(TypedKeyCodec.decode(key));
    } catch (IllegalArgumentException e) {
      return null; // not a key this scan can match: its row, if it differs, is compared later
    }
  }

  /** A key the topic names (capture's form), typed; null when it is not a key of the table. */
  private String delivered(ObjectNode key) {
    try {
      return TypedKeyCodec.encode(Arrays.asList(EnvelopeKeys.decode(table, key.toString())));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
