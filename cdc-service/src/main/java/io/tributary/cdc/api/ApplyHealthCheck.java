package io.tributary.cdc.api;

import io.tributary.cdc.apply.ApplyLoop;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready while apply cannot write batches (after all retries: the target is down or refuses),
 * with the last error. A readiness check, not a liveness one: restarting the process would not
 * bring the target back ({@link ApplyLivenessCheck} is the liveness).
 */
@Readiness
@ApplicationScoped
public class ApplyHealthCheck implements HealthCheck {
  private final ApplyLoop apply;

  public ApplyHealthCheck(ApplyLoop apply) {
    this.apply = apply;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("apply")
        .status(apply.healthy())
        .withData("applied", apply.appliedRecords())
        .withData("lastError", apply.lastError() == null ? "" : apply.lastError())
        .build();
  }
}
