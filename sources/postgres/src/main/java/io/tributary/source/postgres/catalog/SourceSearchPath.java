package io.tributary.source.postgres.catalog;

import io.tributary.common.naming.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The source session's search path while its schemas are read: each schema alone on it in turn, so
 * that PostgreSQL's definitions of its objects leave its own names unqualified, and the path the
 * session had restored once they are read ({@link #close}).
 */
public final class SourceSearchPath implements AutoCloseable {
  private final Connection connection;
  private final String before;

  public SourceSearchPath(Connection connection) throws SQLException {
    this.connection = connection;
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("SELECT pg_catalog.current_setting('search_path')")) {
      rs.next();
      this.before = rs.getString(1);
    }
  }

  /** {@code schema} alone on the search path. */
  public void only(String schema) throws SQLException {
    set(Identifiers.quote(schema));
  }

  @Override
  public void close() throws SQLException {
    set(before);
  }

  private void set(String path) throws SQLException {
    try (PreparedStatement st =
        connection.prepareStatement("SELECT pg_catalog.set_config('search_path', ?, false)")) {
      st.setString(1, path);
      st.executeQuery().close();
    }
  }
}
