package io.tributary.validator;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the control schema has been ensured (at startup, or by a later scheduled run when the
 * database was not reachable yet); the database and Kafka have their own checks.
 */
@Readiness
@ApplicationScoped
public class ValidatorReadinessCheck implements HealthCheck {
  private final ControlSchemaInitializer controlSchema;

  public ValidatorReadinessCheck(ControlSchemaInitializer controlSchema) {
    this.controlSchema = controlSchema;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("control-schema").status(controlSchema.isEnsured()).build();
  }
}
