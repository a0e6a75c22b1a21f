package io.tributary.cdc.capture;

import io.quarkus.scheduler.Scheduled;
import io.tributary.cdc.CaptureConfig;
import io.tributary.controlgate.ControlSchemaGate;
import io.tributary.source.spi.capture.CapturedSource;
import io.tributary.source.spi.capture.SourceCapture;
import io.tributary.source.spi.capture.SourceState;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Keeps one capture engine running for every source of every migration in a capturing state ({@link
 * CaptureStates#capturing}, ROLLED_BACK included: replication continues after a rolled-back
 * cutover), as recorded in the control schema: starts engines for new sources, stops those whose
 * migration ended, and restarts failed ones after a backoff ({@link EngineWorkers}).
 *
 * <p>A migration an operator paused ({@code tributary.migrations.paused_at}) is not captured: its
 * engines stop and nothing is uninstalled, so its changes wait in the source (the SQLite change
 * log, the PostgreSQL slot); once the pause is lifted its engines start again from their stored
 * offsets ({@link PausedCaptures}). Fences are written by {@link FenceWriter}, on its own faster
 * schedule.
 *
 * <p>When a migration ends ({@link CaptureStates#ended}: cut over, failed or abandoned; or
 * deleted), the change capture its sources carry (SQLite: triggers and change log; PostgreSQL:
 * replication slot, publication and replica identities; see each kind's {@link SourceCapture}) is
 * removed once their engine stopped, and by the sweeps each look ends with ({@link
 * CaptureSweepers}). {@link #removeCapture} does it on request.
 */
@ApplicationScoped
public class CaptureReconciler {
  private static final Logger LOG = Logger.getLogger(CaptureReconciler.class);

  private final CaptureConfig config;
  private final ControlSchemaGate controlSchema;
  private final CaptureRepository repository;
  private final EngineWorkers engines;
  private final PausedCaptures pauses;
  private final CaptureSweepers sweepers;

  public CaptureReconciler(
      CaptureConfig config,
      ControlSchemaGate controlSchema,
      CaptureRepository repository,
      EngineWorkers engines,
      PausedCaptures pauses,
      CaptureSweepers sweepers) {
    this.config = config;
    this.controlSchema = controlSchema;
    this.repository = repository;
    this.engines = engines;
    this.pauses = pauses;
    this.sweepers = sweepers;
  }

  @Scheduled(
      every = "${tributary.capture.supervise-interval:2s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = Scheduled.ApplicationNotRunning.class)
  synchronized void reconcile() {
    if (!config.enabled() || engines.stopping() || !controlSchema.ready()) {
      return;
    }
    ActiveSources active;
    try {
      active = repository.activeSources();
    } catch (RuntimeException e) {
      LOG.warnf("Failed to read active sources from the control schema: %s", e.getMessage());
      return;
    }
    List<CapturedSource> wanted = active.capture();
    Map<String, CapturedSource> wantedById = new HashMap<>();
    wanted.forEach(w -> wantedById.put(w.id(), w));
    for (String id : engines.ids()) {
      check(id, engines.engine(id), active.paused().get(id), wantedById);
    }
    pauses.update(active.paused(), wantedById.keySet());
    for (CapturedSource source : wanted) {
      engines.startIfDue(source);
    }
    sweepers.sweep(active);
  }

  /**
   * Stops a running engine that should not run any more (its lease lost, its migration paused or no
   * longer active, tables to read again, or the engine ended by itself).
   *
   * @param pausedNow its source with its pause when its migration is paused, else null
   */
  private void check(
      String id,
      CaptureEngine engine,
      ActiveSources.PausedSource pausedNow,
      Map<String, CapturedSource> wantedById) {
    if (!engines.holdsLease(id)) {
      // another instance took the source over (this one could not renew in time): it captures
      engines.stop(id);
      LOG.warnf(
          "Capture of %s stopped: this instance no longer holds its lease (another instance"
              + " captures it, or will once the lease expires)",
          id);
    } else if (pausedNow != null) {
      engines.stop(id);
      engines.release(engine.source());
      engines.forgetFailure(id);
      pauses.stopped(pausedNow);
    } else if (!wantedById.containsKey(id)) {
      LOG.infof("Migration of %s is no longer active: stopping its capture", id);
      engines.stop(id);
      sweepers.removeCaptureIfEnded(engine.source());
      engines.release(engine.source());
    } else if (engine.source().lacksResyncOf(wantedById.get(id))) {
      engines.stop(id);
      engines.forgetFailure(id);
      LOG.infof(
          "Tables of %s are to be read again (%s): its capture restarts to read them as a new"
              + " snapshot generation, then streams on from where it was",
          id, wantedById.get(id).resyncs().keySet());
    } else if (engine.finished()) {
      engines.stop(id);
      engines.restartLater(engine);
    } else {
      engines.confirmIfWorking(engine);
    }
  }

  /**
   * Removes a source's change capture, stopping its engine first if one still runs: from a SQLite
   * file its triggers and change log, from a PostgreSQL database its slot and publication (and the
   * replica identities Tributary set). The caller checks that the migration is no longer active.
   *
   * @return what was removed, as its kind's {@link SourceCapture#uninstall} reports it
   * @throws SQLException when the source cannot be changed (a SQLite file locked by the application
   *     too long or not writable, a PostgreSQL source unreachable or refusing)
   */
  public synchronized Object removeCapture(SourceState source) throws SQLException {
    return sweepers.removeOnRequest(source);
  }
}
