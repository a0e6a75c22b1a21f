package io.tributary.cdc.capture;

import io.tributary.capture.CaptureRemoval;
import io.tributary.cdc.CaptureConfig;
import io.tributary.source.spi.capture.CapturedSource;
import io.tributary.source.spi.capture.SourceCapture;
import io.tributary.source.spi.capture.SourceState;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Removes the change capture of sources whose migration ended ({@link CaptureStates#ended}: cut
 * over, failed or abandoned; or deleted): once a source's engine stopped, at startup, and again
 * every {@code tributary.capture.ended-sweep-interval} for ended migrations whose change capture is
 * still installed (they ended while no cdc-service ran, or their source could not be reached then:
 * a slot left behind would hold WAL for ever); and on request. Its stored offsets are forgotten
 * too.
 */
@ApplicationScoped
public class EndedCaptureSweeper {
  private static final Logger LOG = Logger.getLogger(EndedCaptureSweeper.class);

  private final CaptureConfig config;
  private final CaptureRepository repository;
  private final SourceCaptures captures;
  private final CaptureLeases leases;
  private final EngineWorkers engines;
  private final CaptureRemoval removal;
  private Instant endedSourcesSweptAt = Instant.EPOCH;

  /** Sources of ended migrations this process has tried to remove the change capture of. */
  private final Set<String> sweptEnded = new HashSet<>();

  public EndedCaptureSweeper(
      CaptureConfig config,
      CaptureRepository repository,
      SourceCaptures captures,
      CaptureOffsetEraser offsetEraser,
      CaptureLeases leases,
      EngineWorkers engines) {
    this.config = config;
    this.repository = repository;
    this.captures = captures;
    this.leases = leases;
    this.engines = engines;
    this.removal = new CaptureRemoval(repository, offsetEraser::erase);
  }

  /** After its engine stopped: removes a source's change capture unless still active. */
  void removeCaptureIfEnded(CapturedSource source) {
    SourceState state;
    try {
      state = repository.sourceState(source.migration(), source.source()).orElse(null);
    } catch (RuntimeException e) {
      LOG.warnf(
          "Failed to read the state of %s; its change capture stays in %s until the next start"
              + " or an uninstall command: %s",
          source.id(), source.displayLocation(), e.getMessage());
      return;
    }
    if (state != null && state.active()) {
      LOG.infof(
          "Migration %s is %s: the change capture of %s stays in %s",
          source.migration(), state.state(), source.id(), source.displayLocation());
      return;
    }
    if (state == null) {
      state =
          new SourceState(
              source.migration(), source.source(), source.kind(), source.location(), "DELETED");
    }
    uninstall(state);
  }

  /**
   * Removes the change capture left in the sources of ended migrations not yet recorded as removed:
   * each such source once as soon as it is seen (a migration abandoned while not capturing), and
   * all of them again on a full sweep, every {@code tributary.capture.ended-sweep-interval}
   * (sources that could not be reached before).
   */
  void sweep() {
    boolean full = endedSourcesSweptAt.plus(config.endedSweepInterval()).isBefore(Instant.now());
    if (full) {
      endedSourcesSweptAt = Instant.now();
    }
    List<SourceState> ended;
    try {
      ended = repository.endedSources(captures.kinds());
    } catch (RuntimeException e) {
      LOG.warnf("Failed to list sources of ended migrations: %s", e.getMessage());
      return;
    }
    for (SourceState source : ended) {
      if (engines.runningSource(source.id()).isPresent()) {
        // started in this very tick, before its migration ended: the next tick stops its engine,
        // then removes its capture; removed now, the starting engine would install it again
        continue;
      }
      if (!sweptEnded.add(source.id()) && !full) {
        continue;
      }
      if (!leases.acquire(source.migration(), source.source())) {
        continue; // the instance that holds it removes it
      }
      try {
        if (captures.of(source.kind()).isInstalled(source)) {
          uninstall(source);
        } else {
          removed(source);
        }
      } catch (SQLException | RuntimeException e) {
        LOG.warnf(
            "Failed to check %s for the change capture of %s (migration %s): %s",
            source.displayLocation(), source.id(), source.state(), e.getMessage());
      } finally {
        leases.release(source.migration(), source.source());
      }
    }
  }

  /**
   * After a source's change capture is removed: its stored offsets are forgotten (nothing resumes
   * from them; a migration submitted again under the same names starts afresh) and the removal is
   * recorded, which an abandoned migration's cleanup waits for.
   */
  private void removed(SourceState source) {
    removal.removed(source);
  }

  private void uninstall(SourceState source) {
    try {
      String message = removal.remove(captures.of(source.kind()), source).message();
      LOG.infof(
          "Removed the change capture of %s from %s: %s",
          source.id(), source.displayLocation(), message);
    } catch (SQLException | RuntimeException e) {
      LOG.errorf(
          "Failed to remove the change capture of %s from %s: %s; remove it with POST"
              + " /cdc/sources/%s/uninstall",
          source.id(), source.displayLocation(), e.getMessage(), source.id());
    }
  }

  /**
   * Removes a source's change capture on request, stopping its engine first if one still runs.
   *
   * @return what was removed, as its kind's {@link SourceCapture#uninstall} reports it
   * @throws SQLException when the source cannot be changed
   */
  Object removeOnRequest(SourceState source) throws SQLException {
    engines.stopBeforeRemoval(source.id());
    SourceCapture.Uninstalled done = captures.of(source.kind()).uninstall(source);
    try {
      removed(source);
    } catch (RuntimeException e) {
      LOG.warnf(
          "The change capture of %s is removed, but its stored offsets are not forgotten yet (the"
              + " sweep of ended sources tries again): %s",
          source.id(), e.getMessage());
    }
    LOG.infof(
        "Removed the change capture of %s from %s on request: %s",
        source.id(), source.displayLocation(), done.message());
    return done.report();
  }
}
