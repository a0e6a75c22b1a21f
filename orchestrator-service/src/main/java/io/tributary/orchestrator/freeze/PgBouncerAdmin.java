package io.tributary.orchestrator.freeze;

import io.tributary.common.naming.Identifiers;
import io.tributary.common.plan.PostgresUrl;
import io.tributary.source.spi.freeze.SourceFreezeException;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A connection to a PgBouncer's admin console (simple query protocol). The PgBouncer needs {@code
 * admin_users} listing the admin URL's user and {@code pool_mode = transaction} (in session mode
 * {@code PAUSE} waits for every client to disconnect). The connection sends only the startup
 * parameters the admin console knows and no {@code SET} (pgJDBC's {@code SET extra_float_digits}
 * fails there before PgBouncer 1.25), so it uses the Vert.x client.
 *
 * <p>{@code PAUSE db} returns once every server connection of the database is released (in-flight
 * transactions finish; later queries wait in PgBouncer). If it does not return in time the admin
 * connection is dropped, which does not undo the pause: {@link #pause} then resumes the database on
 * a new connection before it throws.
 */
public class PgBouncerAdmin implements AutoCloseable {
  private final Vertx vertx;
  private final String adminUrl;
  private final PgConnection connection;
  private final Duration timeout;

  private PgBouncerAdmin(Vertx vertx, String adminUrl, PgConnection connection, Duration timeout) {
    this.vertx = vertx;
    this.adminUrl = adminUrl;
    this.connection = connection;
    this.timeout = timeout;
  }

  /**
   * Connects to the admin console.
   *
   * @param adminUrl {@code postgresql://user[:password]@host:port/pgbouncer}
   * @param timeout for connecting, and for each command unless it takes its own
   */
  public static PgBouncerAdmin connect(Vertx vertx, String adminUrl, Duration timeout) {
    PostgresUrl url;
    try {
      url = PostgresUrl.parse(adminUrl);
    } catch (IllegalArgumentException e) {
      throw new SourceFreezeException("PgBouncer admin URL: " + e.getMessage());
    }
    PgConnectOptions options =
        new PgConnectOptions()
            .setHost(url.host())
            .setPort(url.port())
            .setDatabase(url.database())
            .setUser(url.user())
            .setPassword(url.password())
            .setConnectTimeout((int) Math.max(1, timeout.toMillis()))
            .setPipeliningLimit(1)
            .setProperties(Map.of("application_name", "tributary-cutover"));
    try {
      return new PgBouncerAdmin(
          vertx, adminUrl, PgConnection.connect(vertx, options).await().atMost(timeout), timeout);
    } catch (RuntimeException e) {
      throw new SourceFreezeException(
          "cannot reach the PgBouncer admin console at " + url + ": " + message(e), e);
    }
  }

  /**
   * {@code PAUSE db}: waits until every server connection of the database is released.
   *
   * @throws SourceFreezeException when that takes longer than {@code pauseTimeout}; the database is
   *     resumed first
   */
  public void pause(String database, Duration pauseTimeout) {
    try {
      connection
          .query("PAUSE " + Identifiers.quote(database))
          .execute()
          .await()
          .atMost(pauseTimeout);
    } catch (RuntimeException e) {
      String why = message(e);
      try (PgBouncerAdmin fresh = connect(vertx, adminUrl, Duration.ofSeconds(5))) {
        fresh.resume(database);
      } catch (RuntimeException undo) {
        why += "; RESUME afterwards failed too: " + undo.getMessage();
      }
      throw new SourceFreezeException(
          "PgBouncer could not pause database '"
              + database
              + "' within "
              + pauseTimeout.toMillis()
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
    try {
      for (Row row : connection.query("SHOW DATABASES").execute().await().atMost(timeout)) {
        Object port = row.getValue("port");
        Object paused = row.getValue("paused");
        out.add(
            new PgBouncerDatabase(
                String.valueOf(row.getValue("name")),
                row.getValue("host") == null ? null : String.valueOf(row.getValue("host")),
                port == null ? null : Integer.valueOf(String.valueOf(port)),
                String.valueOf(row.getValue("database")),
                "1".equals(String.valueOf(paused))));
      }
    } catch (RuntimeException e) {
      throw new SourceFreezeException("PgBouncer SHOW DATABASES failed: " + message(e), e);
    }
    return out;
  }

  private void command(String sql) {
    try {
      connection.query(sql).execute().await().atMost(timeout);
    } catch (RuntimeException e) {
      throw new SourceFreezeException("PgBouncer " + sql + " failed: " + message(e), e);
    }
  }

  private static String message(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getMessage() == null) {
      cause = cause.getCause();
    }
    return cause instanceof PgException pg
        ? pg.getErrorMessage()
        : String.valueOf(cause.getMessage());
  }

  @Override
  public void close() {
    try {
      connection.close().await().atMost(Duration.ofSeconds(5));
    } catch (RuntimeException e) {
      // nothing to undo
    }
  }
}
