package io.tributary.orchestrator.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * What cutovers did, as timers (count, sum and max of seconds at {@code /q/metrics}):
 *
 * <ul>
 *   <li>{@code tributary_cutover_step_seconds{migration,step,outcome}}: each step's duration,
 *       {@code outcome} {@code done} or {@code failed};
 *   <li>{@code tributary_cutover_write_pause_seconds{migration,outcome}}: from the freeze to the
 *       switch (or to the rollback), per ended cutover, {@code outcome} its {@code CutoverOutcome}.
 * </ul>
 */
@ApplicationScoped
public class CutoverMetrics {
  private final MeterRegistry registry;

  public CutoverMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** A step ended. */
  public void stepEnded(String migration, String step, boolean failed, long millis) {
    Timer.builder("tributary.cutover.step")
        .description("How long each cutover step took")
        .tag("migration", migration)
        .tag("step", step)
        .tag("outcome", failed ? "failed" : "done")
        .register(registry)
        .record(Duration.ofMillis(millis));
  }

  /**
   * A cutover ended.
   *
   * @param writePauseMillis its write pause, null when it never froze (nothing is recorded then)
   */
  public void cutoverEnded(String migration, String outcome, Long writePauseMillis) {
    if (writePauseMillis == null) {
      return;
    }
    Timer.builder("tributary.cutover.write.pause")
        .description("How long a cutover held the applications' writes, freeze to switch")
        .tag("migration", migration)
        .tag("outcome", outcome)
        .register(registry)
        .record(Duration.ofMillis(writePauseMillis));
  }
}
