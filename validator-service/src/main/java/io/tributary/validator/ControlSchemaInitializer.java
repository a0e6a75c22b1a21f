package io.tributary.validator;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.tributary.common.control.ControlSchema;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Ensures the control schema (common's {@link ControlSchema}) at startup, in one transaction after
 * its advisory lock. When the database is not reachable yet the service still starts, reports not
 * ready, and tries again before each validation run.
 */
@ApplicationScoped
public class ControlSchemaInitializer {
  private static final Logger LOG = Logger.getLogger(ControlSchemaInitializer.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** Keeps "already exists, skipping" notices of the idempotent DDL out of the log. */
  private static final String QUIET = "SET LOCAL client_min_messages = warning";

  private final Pool pool;
  private final StateChangeLog stateLog;
  private final AtomicBoolean ensured = new AtomicBoolean();

  public ControlSchemaInitializer(Pool pool, StateChangeLog stateLog) {
    this.pool = pool;
    this.stateLog = stateLog;
  }

  void onStart(@Observes StartupEvent event) {
    ensure();
  }

  /** Ensures the schema unless done already; true when it exists. Never throws. */
  public boolean ensure() {
    if (ensured.get()) {
      return true;
    }
    try {
      pool.withTransaction(this::run).await().atMost(TIMEOUT);
      ensured.set(true);
      stateLog.clear("control-schema");
      LOG.infof("Control schema tributary ensured (version %d)", ControlSchema.VERSION);
      return true;
    } catch (RuntimeException e) {
      if (stateLog.changed("control-schema", String.valueOf(e.getMessage()))) {
        LOG.warnf("Cannot ensure the control schema yet (will retry): %s", e.getMessage());
      }
      return false;
    }
  }

  /** True once the control schema has been ensured. */
  public boolean isEnsured() {
    return ensured.get();
  }

  private Uni<Void> run(SqlConnection connection) {
    Uni<Void> chain =
        connection
            .query(QUIET)
            .execute()
            .chain(() -> connection.query(ControlSchema.LOCK).execute())
            .replaceWithVoid();
    for (String statement : ControlSchema.statements()) {
      chain = chain.chain(() -> connection.query(statement).execute().replaceWithVoid());
    }
    return chain;
  }
}
