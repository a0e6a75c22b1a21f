package io.tributary.source.postgres.capture.snapshot;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The reader connections of a PostgreSQL snapshot read, each in a read-only repeatable-read
 * transaction on the same snapshot: one a slot exported ({@link #importing}), or one the first
 * reader exports for the others ({@link #exporting}, a read resumed after the slot's snapshot is
 * gone). Each connection is used by one thread at a time.
 */
public final class SnapshotReaders implements AutoCloseable {
  private final List<Connection> connections;
  private final String position;

  private SnapshotReaders(List<Connection> connections, String position) {
    this.connections = List.copyOf(connections);
    this.position = position;
  }

  /**
   * Opens {@code count} readers on an exported snapshot.
   *
   * @param position where the snapshot was taken (the slot's consistent point)
   */
  public static SnapshotReaders importing(
      SnapshotConnections source, int count, String snapshotName, String position)
      throws SQLException {
    List<Connection> opened = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        Connection connection = begin(source.reader());
        opened.add(connection);
        execute(connection, PostgresRangeQueryBuilder.importSnapshot(snapshotName));
      }
      return new SnapshotReaders(opened, position);
    } catch (SQLException | RuntimeException e) {
      closeAll(opened, e);
      throw e;
    }
  }

  /**
   * Opens {@code count} readers on a snapshot taken now: the first exports it, the others import
   * it. Its position is the WAL's current position.
   */
  public static SnapshotReaders exporting(SnapshotConnections source, int count)
      throws SQLException {
    Connection first = begin(source.reader());
    String name;
    String position;
    try (Statement st = first.createStatement();
        ResultSet rs = st.executeQuery(PostgresRangeQueryBuilder.EXPORT)) {
      rs.next();
      name = rs.getString(1);
      position = rs.getString(2);
    } catch (SQLException | RuntimeException e) {
      closeAll(List.of(first), e);
      throw e;
    }
    try {
      SnapshotReaders others = importing(source, count - 1, name, position);
      List<Connection> all = new ArrayList<>();
      all.add(first);
      all.addAll(others.connections);
      return new SnapshotReaders(all, position);
    } catch (SQLException | RuntimeException e) {
      closeAll(List.of(first), e);
      throw e;
    }
  }

  private static Connection begin(Connection connection) throws SQLException {
    try {
      for (String setting : PostgresRangeQueryBuilder.SESSION) {
        execute(connection, setting);
      }
      execute(connection, PostgresRangeQueryBuilder.BEGIN);
      return connection;
    } catch (SQLException | RuntimeException e) {
      closeAll(List.of(connection), e);
      throw e;
    }
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.execute(sql);
    }
  }

  /** The readers' connections. */
  public List<Connection> connections() {
    return connections;
  }

  /** Where the snapshot was taken: the LSN its rows are as of. */
  public String position() {
    return position;
  }

  /** Ends the readers' transactions and closes them. */
  @Override
  public void close() {
    closeAll(connections, null);
  }

  private static void closeAll(List<Connection> connections, Exception cause) {
    for (Connection connection : connections) {
      try {
        connection.close();
      } catch (SQLException e) {
        if (cause != null) {
          cause.addSuppressed(e);
        }
      }
    }
  }
}
