package io.tributary.orchestrator.control;

import io.quarkus.runtime.StartupEvent;
import io.tributary.common.control.ControlSchema;
import io.tributary.common.control.ControlSchemaMigrator;
import io.tributary.common.control.TargetDatabase;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Migrates the control schema at startup, before anything else runs ({@link ControlSchemaMigrator}:
 * the versioned migrations of common, under Flyway's lock). orchestrator-service is the one service
 * that changes the schema; cdc-service and validator-service wait for its version. Startup fails
 * when the target database cannot be reached or a migration fails, so the process never serves
 * without its state.
 */
@ApplicationScoped
public class ControlSchemaInitializer {
  private static final Logger LOG = Logger.getLogger(ControlSchemaInitializer.class);

  private final TargetDatabase target;
  private final AtomicBoolean ready = new AtomicBoolean();

  public ControlSchemaInitializer(
      @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
      @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
      @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
    this.target = TargetDatabase.fromQuarkus(url, user.orElse(null), password.orElse(null));
  }

  void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
    int version = ControlSchemaMigrator.migrate(target);
    ready.set(true);
    LOG.infof(
        "Control schema %s is at version %d (this build needs %d)",
        ControlSchema.SCHEMA, version, ControlSchema.REQUIRED_VERSION);
  }

  /** True once the control schema is migrated. */
  public boolean isReady() {
    return ready.get();
  }
}
