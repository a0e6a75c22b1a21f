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
 * The sources writable again at a fallback's switch back: what the cutover's freeze did to each (as
 * its journal recorded it) undone after the switch back ({@link #unfreeze}), but for PgBouncer's
 * pause, which the switch back resumes pointing at the source — what that freeze left on the source
 * itself (the write guard) is lifted just before the switch back instead ({@link
 * #beforeSwitchBack}), so the clients it lets go write there at once.
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

  /**
   * Lifts what the freeze of each source behind PgBouncer left on the source, before the switch
   * back resumes its clients there.
   *
   * @return one line per source it lifted something on
   * @throws IllegalStateException when it could not: the fallback rolls back (the clients stay on
   *     the target) rather than resume them on a source that refuses their writes
   */
  List<String> beforeSwitchBack(FallbackRun run) {
    List<String> out = new ArrayList<>();
    for (FrozenSource f : frozen(run)) {
      if (!FrozenSource.PGBOUNCER_PAUSE.equals(f.how())) {
        continue;
      }
      CutoverSource source = source(run, f);
      if (source == null) {
        continue;
      }
      try {
        String lifted =
            sourceFreezer.beforeSwitchBack(
                source, f, run.plan(), run.plan().timeout(CutoverStep.ROLLBACK));
        if (lifted != null) {
          out.add(lifted);
        }
      } catch (RuntimeException e) {
        throw new IllegalStateException(
            "before the switch back, "
                + f.source()
                + "'s write guard could not be dropped: "
                + e.getMessage(),
            e);
      }
    }
    return out;
  }

  /** Unfreezes the sources of {@code run}: one line per source, saying which stay read-only. */
  List<String> unfreeze(FallbackRun run) {
    List<String> out = new ArrayList<>();
    List<FrozenSource> was;
    try {
      was = frozen(run);
    } catch (RuntimeException e) {
      return List.of("the sources' freeze could not be read, they may still be read-only: " + e);
    }
    for (FrozenSource f : was) {
      if (FrozenSource.PGBOUNCER_PAUSE.equals(f.how())) {
        continue; // the switch back resumed it, pointing at the source
      }
      CutoverSource source = source(run, f);
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

  /** What the cutover's freeze did, as its journal recorded it. */
  private List<FrozenSource> frozen(FallbackRun run) {
    Optional<Cutover> cutover = journal.latest(pool, run.migration(), config.databaseTimeout());
    return cutover.map(c -> frozenSources(c.frozenJson())).orElse(List.of());
  }

  private static CutoverSource source(FallbackRun run, FrozenSource f) {
    return run.sources().stream().filter(s -> s.name().equals(f.source())).findFirst().orElse(null);
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
