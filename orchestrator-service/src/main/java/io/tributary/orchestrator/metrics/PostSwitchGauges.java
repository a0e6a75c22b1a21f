package io.tributary.orchestrator.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.smallrye.common.annotation.Blocking;
import io.tributary.common.validation.ValidationStatus;
import io.tributary.orchestrator.OrchestratorConfig;
import io.tributary.orchestrator.control.ControlSchemaInitializer;
import io.tributary.orchestrator.validation.PostSwitchResults;
import io.tributary.orchestrator.validation.PostSwitchSummary;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * {@code tributary_post_switch_differing_rows{migration}}: for each migration in its fallback
 * window (CUT_OVER), the rows its newest post-switch verification found different between the
 * frozen sources and the target — 0 when they are equal, NaN while it runs or when it could not
 * decide (PENDING, ERROR). Above 0, a fallback is recommended (alert {@code
 * TributaryPostSwitchMismatch}). Refreshed every {@code tributary.orchestrator.metrics-interval};
 * the gauge of a migration that left its window is removed.
 */
@ApplicationScoped
public class PostSwitchGauges {
  private static final Logger LOG = Logger.getLogger(PostSwitchGauges.class);
  static final String METRIC = "tributary.post.switch.differing.rows";

  private final MeterRegistry registry;
  private final PostSwitchResults results;
  private final Pool pool;
  private final OrchestratorConfig config;
  private final ControlSchemaInitializer controlSchema;
  private final Map<String, AtomicReference<Double>> values = new ConcurrentHashMap<>();

  public PostSwitchGauges(
      MeterRegistry registry,
      PostSwitchResults results,
      Pool pool,
      OrchestratorConfig config,
      ControlSchemaInitializer controlSchema) {
    this.registry = registry;
    this.results = results;
    this.pool = pool;
    this.config = config;
    this.controlSchema = controlSchema;
  }

  @Scheduled(
      identity = "post-switch-gauges",
      every = "${tributary.orchestrator.metrics-interval:15s}",
      concurrentExecution = ConcurrentExecution.SKIP)
  @Blocking
  void refresh() {
    if (!controlSchema.isReady()) {
      return;
    }
    try {
      update(results.newestInWindows(pool, config.databaseTimeout()));
    } catch (RuntimeException e) {
      LOG.warnf("Failed to read the post-switch verifications for the metrics: %s", e.toString());
    }
  }

  /** Sets each migration's gauge; removes those of migrations not listed. */
  synchronized void update(Map<String, PostSwitchSummary> newest) {
    for (Map.Entry<String, PostSwitchSummary> e : newest.entrySet()) {
      values
          .computeIfAbsent(
              e.getKey(),
              migration -> {
                AtomicReference<Double> holder = new AtomicReference<>(Double.NaN);
                Gauge.builder(METRIC, holder, AtomicReference::get)
                    .description(
                        "Rows the newest post-switch verification found different between the"
                            + " frozen sources and the target (NaN while running or undecided)")
                    .tag("migration", migration)
                    .register(registry);
                return holder;
              })
          .set(value(e.getValue()));
    }
    for (String migration : values.keySet()) {
      if (!newest.containsKey(migration)) {
        values.remove(migration);
        Gauge gauge = registry.find(METRIC).tag("migration", migration).gauge();
        if (gauge != null) {
          registry.remove(gauge.getId());
        }
      }
    }
  }

  static double value(PostSwitchSummary summary) {
    if (ValidationStatus.MATCH.name().equals(summary.status())) {
      return 0;
    }
    if (ValidationStatus.MISMATCH.name().equals(summary.status())) {
      return summary.differingRows();
    }
    return Double.NaN;
  }
}
