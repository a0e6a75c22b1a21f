package io.tributary.orchestrator.fallback;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.common.plan.CutoverStep;
import io.tributary.orchestrator.OrchestratorConfig;
import io.tributary.orchestrator.cutover.Cutover;
import io.tributary.orchestrator.cutover.CutoverRecords;
import io.tributary.orchestrator.cutover.CutoverRepository;
import io.tributary.orchestrator.cutover.SourceFreezer;
import io.tributary.source.spi.freeze.CutoverSource;
import io.tributary.source.spi.freeze.FrozenSource;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * After a fallback's switch back, the sources writable again: what the cutover's freeze did to each
 * (as its journal recorded it) undone, but for PgBouncer's pause, which the switch back resumed
 * pointing at the source.
 */
@ApplicationScoped
class UnfreezeSources {
  private final Pool pool;
  private final CutoverRepository journal;
  private final OrchestratorConfig config;
  private final SourceFreezer sourceFreezer;
  private final ObjectMapper mapper;

  UnfreezeSources(CutoverRecords records, SourceFreezer sourceFreezer, ObjectMapper mapper) {
    this.pool = records.pool();
    this.journal = records.cutovers();
    this.config = records.config();
    this.sourceFreezer = sourceFreezer;
    this.mapper = mapper;
  }

  /** Unfreezes the sources of {@code run}: one line per source, saying which stay read-only. */
  List<String> unfreeze(FallbackRun run) {
    List<String> out = new ArrayList<>();
    Optional<Cutover> cutover;
    try {
      cutover = journal.latest(pool, run.migration(), config.databaseTimeout());
    } catch (RuntimeException e) {
      return List.of("the sources' freeze could not be read, they may still be read-only: " + e);
    }
    List<FrozenSource> was = cutover.map(c -> frozenSources(c.frozenJson())).orElse(List.of());
    for (FrozenSource f : was) {
      if (FrozenSource.PGBOUNCER_PAUSE.equals(f.how())) {
        continue; // the switch back resumed it, pointing at the source
      }
      CutoverSource source =
          run.sources().stream().filter(s -> s.name().equals(f.source())).findFirst().orElse(null);
      if (source == null) {
        continue;
      }
      try {
        out.add(
            sourceFreezer.unfreeze(
                source, f, run.plan(), run.plan().timeout(CutoverStep.ROLLBACK)));
      } catch (RuntimeException e) {
        out.add(f.source() + " is STILL READ-ONLY: " + e.getMessage());
      }
    }
    return out;
  }

  private List<FrozenSource> frozenSources(String json) {
    if (json == null) {
      return List.of();
    }
    try {
      return mapper.readValue(json, new TypeReference<List<FrozenSource>>() {});
    } catch (IOException e) {
      throw new IllegalStateException("the cutover's freeze record cannot be read: " + e, e);
    }
  }
}
