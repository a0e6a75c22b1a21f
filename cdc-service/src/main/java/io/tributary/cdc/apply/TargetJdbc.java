package io.tributary.cdc.apply;

import io.quarkus.runtime.ShutdownEvent;
import io.tributary.common.control.TargetDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Apply's one pgJDBC connection to the target, for what the Vert.x client cannot do: {@code COPY}
 * ({@link SnapshotWriter}) and the transactions around it, and key builds ({@link KeyBuilder}).
 * Used by the apply writer thread only (each key build thread has one of its own, {@link
 * #another}); opened on first use, in autocommit mode (transactions are begun and ended by
 * statements, as on the Vert.x side), and opened anew after it failed.
 */
@ApplicationScoped
public class TargetJdbc {
  private static final Logger LOG = Logger.getLogger(TargetJdbc.class);

  private final TargetDatabase target;
  private Connection connection;

  @Inject
  public TargetJdbc(
      @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
      @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
      @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
    this(TargetDatabase.fromQuarkus(url, user.orElse(null), password.orElse(null)));
  }

  private TargetJdbc(TargetDatabase target) {
    this.target = target;
  }

  /** Another connection to the same database, for another thread ({@link KeyBuildThreads}). */
  TargetJdbc another() {
    return new TargetJdbc(target);
  }

  /** A session on the open connection, opening it first if needed. */
  synchronized JdbcSession session() {
    try {
      if (connection == null || connection.isClosed()) {
        connection = target.connect();
        connection.setAutoCommit(true);
        LOG.debugf("Apply's JDBC connection to %s is open", target);
      }
      return new JdbcSession(connection);
    } catch (SQLException e) {
      throw new JdbcSession.JdbcException(e);
    }
  }

  /** Closes the connection after a failure that may have left it unusable; the next use reopens. */
  synchronized void discard() {
    if (connection == null) {
      return;
    }
    try {
      connection.close();
    } catch (SQLException e) {
      LOG.debugf("Closing apply's JDBC connection failed: %s", e.getMessage());
    }
    connection = null;
  }

  void onStop(@Observes ShutdownEvent event) {
    discard();
  }
}
