package io.tributary.cdc.apply;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * A {@link TargetSession} on a pgJDBC connection (the one {@code COPY} needs). pgJDBC takes {@code
 * ?} parameters: each {@code $n} of a statement becomes one, bound to the n-th parameter (a {@code
 * $n} used twice is bound twice). Errors are pgJDBC's {@link SQLException}s, thrown unchecked as
 * {@link JdbcException}.
 */
final class JdbcSession implements TargetSession {
  private static final Pattern PARAMETER = Pattern.compile("\\$(\\d+)");

  private final Connection conn;

  JdbcSession(Connection conn) {
    this.conn = conn;
  }

  Connection connection() {
    return conn;
  }

  @Override
  public List<Object[]> query(String sql, Object... parameters) {
    Positional statement = Positional.of(sql);
    try (PreparedStatement st = conn.prepareStatement(statement.sql())) {
      statement.bind(conn, st, parameters);
      List<Object[]> out = new ArrayList<>();
      try (ResultSet rs = st.executeQuery()) {
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          Object[] values = new Object[columns];
          for (int i = 0; i < columns; i++) {
            values[i] = rs.getObject(i + 1);
          }
          out.add(values);
        }
      }
      return out;
    } catch (SQLException e) {
      throw new JdbcException(e);
    }
  }

  @Override
  public long update(String sql, Object... parameters) {
    Positional statement = Positional.of(sql);
    try (PreparedStatement st = conn.prepareStatement(statement.sql())) {
      statement.bind(conn, st, parameters);
      return st.executeLargeUpdate();
    } catch (SQLException e) {
      throw new JdbcException(e);
    }
  }

  @Override
  public void batch(String sql, List<Object[]> rows) {
    Positional statement = Positional.of(sql);
    try (PreparedStatement st = conn.prepareStatement(statement.sql())) {
      for (Object[] row : rows) {
        statement.bind(conn, st, row);
        st.addBatch();
      }
      st.executeBatch();
    } catch (SQLException e) {
      throw new JdbcException(e);
    }
  }

  /** Runs a {@code COPY ... FROM STDIN} with the first {@code length} bytes of {@code data}. */
  void copyIn(String sql, byte[] data, int length) {
    try {
      CopyIn copy = conn.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
      try {
        copy.writeToCopy(data, 0, length);
        copy.endCopy();
      } finally {
        if (copy.isActive()) {
          copy.cancelCopy();
        }
      }
    } catch (SQLException e) {
      throw new JdbcException(e);
    }
  }

  @Override
  public void execute(String sql) {
    try (Statement st = conn.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw new JdbcException(e);
    }
  }

  /** A statement with {@code ?} parameters, and which given parameter each one takes. */
  private record Positional(String sql, int[] order) {
    static Positional of(String sql) {
      Matcher m = PARAMETER.matcher(sql);
      StringBuilder out = new StringBuilder();
      List<Integer> order = new ArrayList<>();
      while (m.find()) {
        order.add(Integer.parseInt(m.group(1)) - 1);
        m.appendReplacement(out, "?");
      }
      m.appendTail(out);
      return new Positional(out.toString(), order.stream().mapToInt(Integer::intValue).toArray());
    }

    void bind(Connection conn, PreparedStatement st, Object[] parameters) throws SQLException {
      for (int i = 0; i < order.length; i++) {
        st.setObject(i + 1, jdbcValue(conn, parameters[order[i]]));
      }
    }

    private static Object jdbcValue(Connection conn, Object value) throws SQLException {
      if (value instanceof String[] texts) {
        return array(conn, "text", texts);
      }
      if (value instanceof Integer[] ints) {
        return array(conn, "integer", ints);
      }
      if (value instanceof Long[] longs) {
        return array(conn, "bigint", longs);
      }
      return value;
    }

    private static Array array(Connection conn, String type, Object[] values) throws SQLException {
      return conn.createArrayOf(type, values);
    }
  }

  /** A pgJDBC error, unchecked; {@link TargetErrors#sqlState} reads its SQLSTATE. */
  static final class JdbcException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    JdbcException(SQLException cause) {
      super(cause.getMessage(), cause);
    }

    SQLException sqlException() {
      return (SQLException) getCause();
    }
  }
}
