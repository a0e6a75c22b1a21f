package io.tributary.controlgate;

import io.tributary.common.control.ControlSchemaWait;
import io.tributary.common.control.TargetDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Holds a service's work on the control schema until orchestrator-service has migrated it to the
 * version this build needs (common's {@link ControlSchemaWait}: the service never changes the
 * schema). cdc-service's capture, fences and apply, and validator-service's scheduled and requested
 * validations, ask {@link #ready()} before each round.
 */
@ApplicationScoped
public class ControlSchemaGate {
  private final ControlSchemaWait wait;

  /**
   * @param service the waiting service as its log lines name it ({@code
   *     tributary.control-schema.service}: {@code cdc-service}, {@code validator-service})
   */
  public ControlSchemaGate(
      @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
      @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
      @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password,
      @ConfigProperty(name = "tributary.control-schema.service") String service) {
    this.wait =
        new ControlSchemaWait(
            TargetDatabase.fromQuarkus(url, user.orElse(null), password.orElse(null)), service);
  }

  /** True once the control schema is at the version this build needs. Never throws. */
  public boolean ready() {
    return wait.ready();
  }

  /** Why not ready yet, for the readiness check; null once ready. */
  public String problem() {
    return wait.problem();
  }
}
