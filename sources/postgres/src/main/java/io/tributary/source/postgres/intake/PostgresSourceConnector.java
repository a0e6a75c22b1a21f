package io.tributary.source.postgres.intake;

import io.tributary.common.plan.PostgresUrl;
import io.tributary.source.spi.intake.SourceConnectionException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/**
 * Opens read-only pgJDBC connections to PostgreSQL sources, from a plan's {@link PostgresUrl}.
 * Connecting and logging in give up after {@code tributary.orchestrator.source-connect-timeout}
 * unless the URL sets {@code connectTimeout} or {@code loginTimeout} itself (URL parameters win).
 * Failures become a {@link SourceConnectionException} whose message never holds the password.
 */
public class PostgresSourceConnector {
  static {
    // Register pgJDBC with this class loader: DriverManager only hands out drivers the caller's
    // class loader can see, and Quarkus' class loaders may not be the one that registered it.
    try {
      Class.forName("org.postgresql.Driver");
    } catch (ClassNotFoundException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The application name sources see in {@code pg_stat_activity}. */
  static final String APPLICATION_NAME = "tributary-orchestrator";

  private final Duration connectTimeout;

  /**
   * @param connectTimeout the longest connecting and logging in may take
   */
  public PostgresSourceConnector(Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
  }

  /**
   * Opens a read-only connection.
   *
   * @throws SourceConnectionException when the server cannot be reached or refuses the login
   */
  public Connection open(PostgresUrl url) {
    Properties properties = url.credentials();
    String seconds = Long.toString(Math.max(1, connectTimeout.toSeconds()));
    properties.setProperty("connectTimeout", seconds);
    properties.setProperty("loginTimeout", seconds);
    properties.setProperty("readOnly", "true");
    properties.setProperty("ApplicationName", APPLICATION_NAME);
    try {
      return DriverManager.getConnection(url.jdbcUrl(), properties);
    } catch (SQLException e) {
      throw new SourceConnectionException(describe(url, e), e);
    }
  }

  /** What went wrong and what to check, without the password. */
  static String describe(PostgresUrl url, SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String hint =
        switch (state) {
          case "28P01", "28000" -> "check the user and password in the url";
          case "3D000" -> "check the database name in the url";
          case "08001", "08004", "08006" ->
              "check host and port in the url, and that the server accepts connections from the"
                  + " orchestrator";
          default -> "check the url and that the server is running";
        };
    return "cannot connect to PostgreSQL source "
        + url
        + ": "
        + redact(String.valueOf(e.getMessage()), url.password())
        + "; "
        + hint;
  }

  private static String redact(String message, String password) {
    return password == null || password.isEmpty() ? message : message.replace(password, "***");
  }
}
