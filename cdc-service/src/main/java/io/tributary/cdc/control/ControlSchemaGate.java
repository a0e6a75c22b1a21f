package io.tributary.cdc.control;

import io.tributary.common.control.ControlSchemaWait;
import io.tributary.common.control.TargetDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Holds cdc-service's work on the control schema until orchestrator-service has migrated it to the
 * version this build needs (common's {@link ControlSchemaWait}: this service never changes the
 * schema). Capture, fences and apply ask {@link #ready()} before each round.
 */
@ApplicationScoped
public class ControlSchemaGate {
  private final ControlSchemaWait wait;

  public ControlSchemaGate(
      @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
      @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
      @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
    this.wait =
        new ControlSchemaWait(
            TargetDatabase.fromQuarkus(url, user.orElse(null), password.orElse(null)),
            "cdc-service");
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
