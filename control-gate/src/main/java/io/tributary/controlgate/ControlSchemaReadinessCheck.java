package io.tributary.controlgate;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the control schema is at the version this build needs ({@link ControlSchemaGate});
 * until then says what it waits for. The database and Kafka have their own checks.
 */
@Readiness
@ApplicationScoped
public class ControlSchemaReadinessCheck implements HealthCheck {
  private final ControlSchemaGate controlSchema;

  public ControlSchemaReadinessCheck(ControlSchemaGate controlSchema) {
    this.controlSchema = controlSchema;
  }

  @Override
  public HealthCheckResponse call() {
    boolean ready = controlSchema.ready();
    HealthCheckResponseBuilder response = HealthCheckResponse.named("control-schema").status(ready);
    return ready ? response.build() : response.withData("waiting", controlSchema.problem()).build();
  }
}
