package io.tributary.orchestrator.control;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the control schema is ensured (the datasource and Kafka have their own checks). */
@Readiness
@ApplicationScoped
public class ControlSchemaReadinessCheck implements HealthCheck {
  private final ControlSchemaInitializer controlSchema;

  public ControlSchemaReadinessCheck(ControlSchemaInitializer controlSchema) {
    this.controlSchema = controlSchema;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("tributary-control-schema")
        .status(controlSchema.isReady())
        .build();
  }
}
