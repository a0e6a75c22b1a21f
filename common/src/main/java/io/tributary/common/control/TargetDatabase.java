package io.tributary.common.control;

import io.tributary.common.plan.PostgresUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * The target database as the services are configured to reach it, for the JDBC connections of the
 * control schema's migrations and version checks (the services' own work goes through their
 * reactive pool).
 *
 * @param jdbcUrl pgJDBC URL, without credentials
 * @param user the user, null to take the URL's
 * @param password the password, null for none
 */
public record TargetDatabase(String jdbcUrl, String user, String password) {

  /**
   * The target of a service's Quarkus settings: {@code quarkus.datasource.reactive.url} (a
   * PostgreSQL URL, see {@link PostgresUrl#parseConfigured}) with {@code
   * quarkus.datasource.username} and {@code password}, which win over credentials in the URL.
   *
   * @throws IllegalArgumentException when the URL is not a PostgreSQL URL, saying why
   */
  public static TargetDatabase fromQuarkus(String reactiveUrl, String user, String password) {
    PostgresUrl url = PostgresUrl.parseConfigured(reactiveUrl);
    return new TargetDatabase(
        url.jdbcUrl(),
        user != null ? user : url.user(),
        password != null ? password : url.password());
  }

  /** Opens a JDBC connection. */
  public Connection connect() throws SQLException {
    Properties props = new Properties();
    if (user != null) {
      props.setProperty("user", user);
    }
    if (password != null) {
      props.setProperty("password", password);
    }
    return DriverManager.getConnection(jdbcUrl, props);
  }

  /** The URL and user, never the password. */
  @Override
  public String toString() {
    return jdbcUrl + (user == null ? "" : " as " + user);
  }
}
