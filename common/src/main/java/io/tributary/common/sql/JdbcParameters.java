package io.tributary.common.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a statement written with PostgreSQL's numbered parameters ({@code $1}, {@code $2}, as the
 * reactive client takes them) through JDBC, which takes {@code ?}: so one statement text serves a
 * service's reactive pool and a JDBC caller (a connector on a Kafka Connect worker). A parameter
 * may appear several times; {@code $n} inside a quoted literal or identifier is left alone.
 */
public final class JdbcParameters {
  private final String sql;
  private final List<Integer> order;

  private JdbcParameters(String sql, List<Integer> order) {
    this.sql = sql;
    this.order = order;
  }

  /** The JDBC form of a statement with numbered parameters. */
  public static JdbcParameters of(String numbered) {
    StringBuilder out = new StringBuilder(numbered.length());
    List<Integer> order = new ArrayList<>();
    char quote = 0;
    for (int i = 0; i < numbered.length(); i++) {
      char c = numbered.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
        out.append(c);
      } else if (c == '\'' || c == '"') {
        quote = c;
        out.append(c);
      } else if (c == '$'
          && i + 1 < numbered.length()
          && Character.isDigit(numbered.charAt(i + 1))) {
        int end = i + 1;
        while (end < numbered.length() && Character.isDigit(numbered.charAt(end))) {
          end++;
        }
        order.add(Integer.parseInt(numbered.substring(i + 1, end)));
        out.append('?');
        i = end - 1;
      } else {
        out.append(c);
      }
    }
    return new JdbcParameters(out.toString(), List.copyOf(order));
  }

  /** The statement with {@code ?} placeholders. */
  public String sql() {
    return sql;
  }

  /**
   * Prepares the statement and binds {@code args} ({@code args[0]} is {@code $1}); a {@code
   * String[]} is bound as a text array.
   */
  public PreparedStatement prepare(Connection connection, Object... args) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    try {
      for (int i = 0; i < order.size(); i++) {
        int n = order.get(i);
        if (n < 1 || n > args.length) {
          throw new IllegalArgumentException(
              "the statement uses $" + n + " but " + args.length + " arguments were given");
        }
        Object value = args[n - 1];
        if (value instanceof String[] texts) {
          statement.setArray(i + 1, connection.createArrayOf("text", texts));
        } else {
          statement.setObject(i + 1, value);
        }
      }
      return statement;
    } catch (SQLException | RuntimeException e) {
      statement.close();
      throw e;
    }
  }
}
