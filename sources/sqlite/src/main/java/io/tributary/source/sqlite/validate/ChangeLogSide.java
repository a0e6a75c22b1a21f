package io.tributary.source.sqlite.validate;

import io.tributary.common.control.CaptureNames;
import io.tributary.common.naming.Identifiers;
import io.tributary.source.spi.validate.CapturePosition;
import io.tributary.source.spi.validate.FileFingerprint;
import io.tributary.source.spi.validate.SourcePosition;
import io.tributary.source.spi.validate.ValidationException;
import io.tributary.source.spi.validate.WriteMark;
import io.tributary.source.sqlite.connect.SqliteConnections;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The source side of validation that comes from the change log capture installs in a SQLite file (a
 * SQLite source's, or a Chroma store's {@code chroma.sqlite3}): read transactions, positions,
 * capture's delivered position and write marks.
 */
public final class ChangeLogSide {
  static final String LOG_SEQUENCE =
      "SELECT seq FROM sqlite_sequence WHERE name = "
          + Identifiers.sqliteLiteral(CaptureNames.SQLITE_CHANGE_LOG);

  static final String TABLE_EXISTS =
      "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?";

  /**
   * Capture's delivered position ($1 its registration) and how many changes of a logged table ($2)
   * lie between it and a position ($3).
   */
  static final String UNDELIVERED =
      "WITH c AS (SELECT pos FROM "
          + Identifiers.quote(CaptureNames.SQLITE_CONSUMERS)
          + " WHERE consumer = ?) SELECT (SELECT pos FROM c), (SELECT count(*) FROM "
          + Identifiers.quote(CaptureNames.SQLITE_CHANGE_LOG)
          + " WHERE tbl = ? AND seq > (SELECT pos FROM c) AND seq <= ?)";

  static final String CONSUMER_POSITION =
      "SELECT pos FROM " + Identifiers.quote(CaptureNames.SQLITE_CONSUMERS) + " WHERE consumer = ?";

  private ChangeLogSide() {}

  /**
   * A read-only connection to the file in one read transaction (auto-commit off): a consistent
   * snapshot until it is rolled back.
   */
  public static Connection open(Path file) throws SQLException {
    if (!Files.isRegularFile(file)) {
      throw new ValidationException("source file " + file + " does not exist");
    }
    Connection connection = SqliteConnections.openReadOnly(file);
    try {
      connection.setAutoCommit(false); // one read transaction: a consistent snapshot of the table
      return connection;
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
  }

  /**
   * The change-log position of the read transaction: the first read of the transaction, so the
   * transaction's snapshot is taken here, and every write the snapshot holds logged a change at or
   * below it (the capture triggers log in the writing transaction), every later one above it. In
   * the same snapshot, how many of the table's changes up to it capture had not delivered: those
   * above the position capture recorded as delivered (the log is never trimmed above it).
   *
   * @param loggedTable the change log's name of the table ({@code tbl})
   * @param consumer capture's registration in the file, null to leave its progress out
   */
  public static SourcePosition position(
      Connection connection, Path file, String loggedTable, String consumer) throws SQLException {
    if (!hasTable(connection, CaptureNames.SQLITE_CHANGE_LOG)) {
      return SourcePosition.unknown("capture has not installed its change log in " + file);
    }
    long seq = logSequence(connection);
    if (consumer == null || !hasTable(connection, CaptureNames.SQLITE_CONSUMERS)) {
      return SourcePosition.at(seq, seq + 1);
    }
    try (PreparedStatement statement = connection.prepareStatement(UNDELIVERED)) {
      statement.setString(1, consumer);
      statement.setString(2, loggedTable);
      statement.setLong(3, seq);
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        long undelivered = rs.getLong(2);
        return rs.getObject(1) == null
            ? SourcePosition.at(seq, seq + 1) // capture is not registered: asked separately
            : SourcePosition.at(seq, seq + 1, undelivered);
      }
    }
  }

  /**
   * The position capture's registration has delivered to Kafka ({@value
   * CaptureNames#SQLITE_CONSUMERS}; capture moves it forward each time it trims the change log).
   */
  public static CapturePosition captured(Path file, String consumer) {
    try (Connection connection = open(file)) {
      try {
        if (!hasTable(connection, CaptureNames.SQLITE_CONSUMERS)) {
          return CapturePosition.unknown("capture has not installed its change log in " + file);
        }
        try (PreparedStatement statement = connection.prepareStatement(CONSUMER_POSITION)) {
          statement.setString(1, consumer);
          try (ResultSet rs = statement.executeQuery()) {
            return rs.next()
                ? CapturePosition.at(rs.getLong(1))
                : CapturePosition.unknown(
                    "capture is not registered in " + file + " as " + consumer);
          }
        }
      } finally {
        connection.rollback();
      }
    } catch (SQLException | ValidationException e) {
      return CapturePosition.unknown("cannot read capture's position in " + file + ": " + e);
    }
  }

  /**
   * The highest sequence number the file's change log ever gave out: every write to a captured
   * table logs a change; without a change log, the file's fingerprint.
   */
  public static WriteMark writeMark(Path file) {
    try (Connection connection = open(file)) {
      try (Statement statement = connection.createStatement();
          ResultSet rs = statement.executeQuery(LOG_SEQUENCE)) {
        if (rs.next()) {
          return new WriteMark("change-log", "sequence " + rs.getLong(1));
        }
        if (hasTable(connection, CaptureNames.SQLITE_CHANGE_LOG)) {
          // installed, nothing logged yet: the first change moves it
          return new WriteMark("change-log", "sequence 0");
        }
      } catch (SQLException e) {
        // no AUTOINCREMENT table in the file: no change log
      } finally {
        connection.rollback();
      }
      return new WriteMark("file", FileFingerprint.of(file).toString());
    } catch (SQLException | IOException e) {
      throw new ValidationException("cannot read source file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The change log's last sequence number (0 before the first change), read in the connection's
   * read transaction (starting it when it is the first read).
   */
  public static long logSequence(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(LOG_SEQUENCE)) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  static boolean hasTable(Connection connection, String name) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(TABLE_EXISTS)) {
      statement.setString(1, name);
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next() && rs.getLong(1) > 0;
      }
    }
  }
}
