package io.tributary.source.postgres.fallback;

import io.tributary.common.plan.PostgresUrl;
import io.tributary.source.spi.freeze.RoleFreeze;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write-back's connection to a PostgreSQL source, set up to write past the freeze: the session
 * names itself as the write guard lets pass ({@link RoleFreeze#WRITE_BACK_APPLICATION}), undoes the
 * read-only default the freeze gave the applications' roles, reads times in UTC, waits a bounded
 * time on locks, and — when the role may — runs as a replica ({@code session_replication_role =
 * replica}), so the applications' triggers and the foreign keys' checks and cascades do not fire
 * and rows land exactly as the target has them. A role that may not (not a superuser) writes
 * without it: the source's triggers fire and its foreign keys are checked (a change the target let
 * through but the source's keys refuse becomes a reject); that is logged once per source.
 */
final class PostgresWriteBackSession {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresWriteBackSession.class);

  /** The sources already told about, so the warning comes once per source and process. */
  private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

  private PostgresWriteBackSession() {}

  /**
   * A connection in a transaction of its own (auto-commit off).
   *
   * @param who the source, for the log: {@code migration/source}
   * @throws SQLException when the source cannot be reached or the session set up
   */
  static Connection open(PostgresUrl url, String who, Duration lockWait) throws SQLException {
    Properties properties = new Properties();
    properties.putAll(url.credentials());
    // the freeze's write guard lets this session (the URL's user, this name) write
    properties.setProperty("ApplicationName", RoleFreeze.WRITE_BACK_APPLICATION);
    Connection connection = DriverManager.getConnection(url.jdbcUrl(), properties);
    try (Statement st = connection.createStatement()) {
      st.execute(PostgresWriteBackStatementBuilder.writable());
      st.execute(PostgresWriteBackStatementBuilder.utc());
      st.execute(PostgresWriteBackStatementBuilder.lockTimeout(lockWait.toMillis()));
      try {
        st.execute(PostgresWriteBackStatementBuilder.replicaRole());
      } catch (SQLException e) {
        if (WARNED.add(who)) {
          LOG.warn(
              "Writing back into {} ({}) without session_replication_role = replica ({}): the"
                  + " source's triggers fire and its foreign keys are checked; grant the role the"
                  + " right to set it (or use a superuser) for rows to land exactly as on the"
                  + " target",
              who,
              url,
              e.getMessage());
        }
      }
      connection.setAutoCommit(false);
      return connection;
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }
}
