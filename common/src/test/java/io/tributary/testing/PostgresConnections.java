package io.tributary.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.postgresql.Driver;

/**
 * Opens JDBC connections to a test PostgreSQL server.
 *
 * <p>The driver is called directly rather than through {@link java.sql.DriverManager}, which
 * refuses drivers loaded by another class loader (as happens under Quarkus' test class loaders).
 */
public final class PostgresConnections {

  private PostgresConnections() {}

  /** A new connection, as the superuser, to a database of the server. */
  public static Connection open(PostgresEndpoint endpoint, String database) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", endpoint.user());
    properties.setProperty("password", endpoint.password());
    properties.setProperty("connectTimeout", "10");
    Connection connection = new Driver().connect(endpoint.jdbcUrl(database), properties);
    if (connection == null) {
      throw new SQLException("The PostgreSQL driver does not accept " + endpoint.jdbcUrl(database));
    }
    return connection;
  }
}
