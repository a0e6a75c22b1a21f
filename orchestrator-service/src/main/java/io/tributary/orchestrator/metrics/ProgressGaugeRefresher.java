package io.tributary.orchestrator.metrics;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.tributary.common.control.MigrationState;
import io.tributary.orchestrator.control.ControlSchemaInitializer;
import io.tributary.orchestrator.history.ProgressHistory;
import io.tributary.orchestrator.state.MigrationDetails;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Reads where every active or failed migration stands and publishes it as gauges ({@link
 * ProgressGauges}), every {@code tributary.orchestrator.metrics-interval}, and keeps it as a sample
 * of the migration's history for the web UI's charts ({@link ProgressHistory}). The gauges of one
 * that ended (cut over) are removed at the next refresh; a failed one stays until it is dealt with.
 */
@ApplicationScoped
public class ProgressGaugeRefresher {
  private static final Logger LOG = Logger.getLogger(ProgressGaugeRefresher.class);

  private final MigrationDetails details;
  private final ProgressGauges gauges;
  private final ControlSchemaInitializer controlSchema;
  private final ProgressHistory history;

  public ProgressGaugeRefresher(
      MigrationDetails details,
      ProgressGauges gauges,
      ControlSchemaInitializer controlSchema,
      ProgressHistory history) {
    this.details = details;
    this.gauges = gauges;
    this.controlSchema = controlSchema;
    this.history = history;
  }

  @Scheduled(
      identity = "progress-gauges",
      every = "${tributary.orchestrator.metrics-interval:15s}",
      concurrentExecution = ConcurrentExecution.SKIP)
  Uni<Void> refresh() {
    if (!controlSchema.isReady()) {
      return Uni.createFrom().voidItem();
    }
    return details
        .list()
        .onItem()
        .transformToMulti(all -> Multi.createFrom().iterable(all))
        .filter(
            migration -> migration.state().isActive() || migration.state() == MigrationState.FAILED)
        .onItem()
        .transformToUniAndConcatenate(details::of)
        .collect()
        .asList()
        .invoke(gauges::update)
        .chain(history::record)
        .onFailure()
        .recoverWithUni(
            e -> {
              LOG.warnf(
                  "Failed to read the migrations' progress for the metrics: %s", e.toString());
              return Uni.createFrom().voidItem();
            });
  }
}
