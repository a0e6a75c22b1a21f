package io.tributary.source.postgres.capture.snapshot;

import io.tributary.common.plan.PostgresUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.postgresql.PGProperty;

/**
 * Opens the connections a PostgreSQL snapshot read uses to its source: plain ones for the readers,
 * and the replication connection that creates the capture's slot.
 */
public final class SnapshotConnections {
  /** The application name the snapshot's connections show in {@code pg_stat_activity}. */
  static final String APPLICATION_NAME = "tributary-snapshot";

  private final PostgresUrl url;

  /**
   * @param url the source database
   */
  public SnapshotConnections(PostgresUrl url) {
    this.url = url;
  }

  /** A reader's connection. */
  public Connection reader() throws SQLException {
    Properties properties = url.credentials();
    PGProperty.APPLICATION_NAME.set(properties, APPLICATION_NAME);
    return DriverManager.getConnection(url.jdbcUrl(), properties);
  }

  /**
   * A replication connection to the database ({@code replication=database}, simple queries: the
   * replication protocol's commands are not prepared statements).
   */
  public Connection replication() throws SQLException {
    Properties properties = url.credentials();
    PGProperty.APPLICATION_NAME.set(properties, APPLICATION_NAME);
    PGProperty.REPLICATION.set(properties, "database");
    PGProperty.ASSUME_MIN_SERVER_VERSION.set(properties, "10");
    PGProperty.PREFER_QUERY_MODE.set(properties, "simple");
    return DriverManager.getConnection(url.jdbcUrl(), properties);
  }
}
