package io.tributary.orchestrator.history;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.tributary.orchestrator.OrchestratorConfig;
import io.tributary.orchestrator.state.MigrationDetail;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Keeps each migration's progress over its life for the web UI's charts: a sample of what {@code
 * GET /migrations/{id}} shows, taken each time the progress is read for the metrics ({@code
 * tributary.orchestrator.metrics-interval}), at most {@code history-samples} kept per migration
 * ({@link ProgressHistoryRepository}).
 */
@ApplicationScoped
public class ProgressHistory {
  private final ProgressHistoryRepository samples;
  private final OrchestratorConfig config;

  public ProgressHistory(ProgressHistoryRepository samples, OrchestratorConfig config) {
    this.samples = samples;
    this.config = config;
  }

  /** Stores a sample of each migration, all taken now. */
  public Uni<Void> record(List<MigrationDetail> details) {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    return Multi.createFrom()
        .iterable(details)
        .onItem()
        .transformToUniAndConcatenate(
            d -> samples.add(d.id(), ProgressSample.of(d, now), config.historySamples()))
        .collect()
        .last()
        .replaceWithVoid();
  }
}
