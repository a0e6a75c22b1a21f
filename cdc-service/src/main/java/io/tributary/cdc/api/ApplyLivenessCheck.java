package io.tributary.cdc.api;

import io.tributary.cdc.apply.ApplyLoop;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Down once the apply thread died (out of memory or worse), which only a restart of the process
 * mends; up while apply retries a target that is down ({@link ApplyHealthCheck} says that).
 */
@Liveness
@ApplicationScoped
public class ApplyLivenessCheck implements HealthCheck {
  private final ApplyLoop apply;

  public ApplyLivenessCheck(ApplyLoop apply) {
    this.apply = apply;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("apply-loop").status(apply.alive()).build();
  }
}
