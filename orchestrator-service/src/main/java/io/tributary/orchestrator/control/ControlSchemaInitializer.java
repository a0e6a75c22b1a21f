package io.tributary.orchestrator.control;

import io.quarkus.runtime.StartupEvent;
import io.tributary.common.control.ControlSchema;
import io.tributary.orchestrator.OrchestratorConfig;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Ensures the control schema at startup: {@link ControlSchema#statements()} in one transaction
 * after {@link ControlSchema#LOCK}, as every service does. Startup fails when the target database
 * cannot be reached, so the process never serves without its state.
 */
@ApplicationScoped
public class ControlSchemaInitializer {
  private static final Logger LOG = Logger.getLogger(ControlSchemaInitializer.class);

  private final Pool pool;
  private final OrchestratorConfig config;
  private final AtomicBoolean ready = new AtomicBoolean();

  public ControlSchemaInitializer(Pool pool, OrchestratorConfig config) {
    this.pool = pool;
    this.config = config;
  }

  void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
    List<String> statements = new ArrayList<>();
    statements.add(ControlSchema.LOCK);
    statements.addAll(ControlSchema.statements());
    pool.withTransaction(connection -> StatementSequence.run(connection, statements))
        .await()
        .atMost(config.databaseTimeout());
    ready.set(true);
    LOG.infof("Control schema tributary is at version %d", ControlSchema.VERSION);
  }

  /** True once the control schema is ensured. */
  public boolean isReady() {
    return ready.get();
  }
}
