package io.tributary.source.sqlite.capture;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What change capture installed in a SQLite file, as read (and, for a consumer's record of what it
 * emitted, deleted) on a connection the caller owns: its tables, triggers, consumers and their
 * registrations.
 */
final class InstalledChangeLog {
  private InstalledChangeLog() {}

  /** A consumer's registration: its id and when it was made (ms since the epoch). */
  record Registration(String id, long registeredMs) {}

  /**
   * Deletes capture's record of what a consumer emitted of vec0 tables (its registration is
   * removed, or made anew), if the file has one.
   */
  static void forgetEmitted(Connection connection, String consumer) throws SQLException {
    if (!tableExists(connection, Vec0HashStatementBuilder.SCOPES_TABLE)) {
      return;
    }
    for (String sql : Vec0HashStatementBuilder.forgetConsumer()) {
      try (PreparedStatement st = connection.prepareStatement(sql)) {
        st.setString(1, consumer);
        st.executeUpdate();
      }
    }
  }

  /** The change log's position: its last entry's sequence number. */
  static long logPosition(Connection connection) throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery(ChangeLogStatementBuilder.logPosition())) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Whether the file has a table of this name. */
  static boolean tableExists(Connection connection, String table) throws SQLException {
    try (PreparedStatement st =
        connection.prepareStatement(ChangeLogStatementBuilder.tableExists())) {
      st.setString(1, table);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1) > 0;
      }
    }
  }

  static List<String> consumers(Connection connection) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery(ChangeLogStatementBuilder.consumers())) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  /** name, table, sql of each Tributary trigger. */
  static List<String[]> installedTriggers(Connection connection) throws SQLException {
    List<String[]> out = new ArrayList<>();
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery(ChangeLogStatementBuilder.installedTriggers())) {
      while (rs.next()) {
        out.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
      }
    }
    return out;
  }

  /** The consumer's registration; null when it is not registered. */
  static Registration registration(Connection connection, String consumer) throws SQLException {
    try (PreparedStatement st = connection.prepareStatement(ChangeLogStatementBuilder.consumer())) {
      st.setString(1, consumer);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? new Registration(rs.getString(1), rs.getLong(3)) : null;
      }
    }
  }
}
