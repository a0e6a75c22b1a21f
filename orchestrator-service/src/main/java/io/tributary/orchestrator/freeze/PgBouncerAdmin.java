package io.tributary.orchestrator.freeze;

import io.tributary.common.sql.Identifiers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A connection to a PgBouncer's admin console (simple query protocol). The PgBouncer needs: {@code
 * admin_users} listing the admin URL's user, {@code pool_mode = transaction} (in session mode
 * {@code PAUSE} waits for every client to disconnect), and {@code ignore_startup_parameters =
 * extra_float_digits} (pgJDBC sends it).
 *
 * <p>{@code PAUSE db} returns once every server connection of the database is released (in-flight
 * transactions finish; later queries wait in PgBouncer). If it does not return in time the admin
 * connection is dropped, which does not undo the pause: {@link #pause} then resumes the database on
 * a new connection before it throws.
 */
public class PgBouncerAdmin implements AutoCloseable {
  private final String adminUrl;
  private final Connection connection;

  private PgBouncerAdmin(String adminUrl, Connection connection) {
    this.adminUrl = adminUrl;
    this.connection = connection;
  }

  /**
   * Connects to the admin console.
   *
   * @param adminUrl {@code postgresql://user[:password]@host:port/pgbouncer} (or its jdbc: form)
   * @param timeout for connecting, and for each command unless it takes its own
   */
  public static PgBouncerAdmin connect(String adminUrl, Duration timeout) {
    return new PgBouncerAdmin(adminUrl, open(adminUrl, timeout));
  }

  private static Connection open(String adminUrl, Duration timeout) {
    io.tributary.common.plan.PostgresUrl url;
    try {
      url = io.tributary.common.plan.PostgresUrl.parse(adminUrl);
    } catch (IllegalArgumentException e) {
      throw new SourceFreezeException("PgBouncer admin URL: " + e.getMessage());
    }
    Properties props = url.credentials();
    int seconds = (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
    props.setProperty("preferQueryMode", "simple");
    props.setProperty("connectTimeout", Integer.toString(seconds));
    props.setProperty("loginTimeout", Integer.toString(seconds));
    props.setProperty("socketTimeout", Integer.toString(seconds));
    props.setProperty("ApplicationName", "tributary-cutover");
    try {
      return DriverManager.getConnection(url.jdbcUrl(), props);
    } catch (SQLException e) {
      throw new SourceFreezeException(
          "cannot reach the PgBouncer admin console at " + url + ": " + e.getMessage(), e);
    }
  }

  /**
   * {@code PAUSE db}: waits until every server connection of the database is released.
   *
   * @throws SourceFreezeException when that takes longer than {@code timeout}; the database is
   *     resumed first
   */
  public void pause(String database, Duration timeout) {
    try (Statement st = connection.createStatement()) {
      st.setQueryTimeout((int) Math.max(1, (timeout.toMillis() + 999) / 1000));
      st.execute("PAUSE " + Identifiers.quote(database));
    } catch (SQLException e) {
      String why = e.getMessage();
      try (PgBouncerAdmin fresh = connect(adminUrl, Duration.ofSeconds(5))) {
        fresh.resume(database);
      } catch (RuntimeException undo) {
        why += "; RESUME afterwards failed too: " + undo.getMessage();
      }
      throw new SourceFreezeException(
          "PgBouncer could not pause database '"
              + database
              + "' within "
              + timeout.toMillis()
              + " ms (transactions still running?): "
              + why,
          e);
    }
  }

  /** {@code RESUME db}; a database that is not paused is fine. */
  public void resume(String database) {
    try {
      command("RESUME " + Identifiers.quote(database));
    } catch (SourceFreezeException e) {
      if (!String.valueOf(e.getMessage()).contains("not paused")) {
        throw e;
      }
    }
  }

  /** {@code RELOAD}: PgBouncer reads its configuration file again. */
  public void reload() {
    command("RELOAD");
  }

  /**
   * {@code RECONNECT db}: each server connection of the database is closed once released, so new
   * ones follow a changed connection string (PgBouncer 1.15+).
   */
  public void reconnect(String database) {
    command("RECONNECT " + Identifiers.quote(database));
  }

  /** {@code SHOW DATABASES}. */
  public List<PgBouncerDatabase> databases() {
    List<PgBouncerDatabase> out = new ArrayList<>();
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("SHOW DATABASES")) {
      while (rs.next()) {
        String port = rs.getString("port");
        out.add(
            new PgBouncerDatabase(
                rs.getString("name"),
                rs.getString("host"),
                port == null || port.isBlank() ? null : Integer.valueOf(port),
                rs.getString("database"),
                "1".equals(rs.getString("paused"))));
      }
    } catch (SQLException e) {
      throw new SourceFreezeException("PgBouncer SHOW DATABASES failed: " + e.getMessage(), e);
    }
    return out;
  }

  private void command(String sql) {
    try (Statement st = connection.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw new SourceFreezeException("PgBouncer " + sql + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      // nothing to undo
    }
  }
}
