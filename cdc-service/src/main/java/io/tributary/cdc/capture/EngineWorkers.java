package io.tributary.cdc.capture;

import io.quarkus.runtime.ShutdownEvent;
import io.tributary.cdc.CaptureConfig;
import io.tributary.cdc.engine.EngineFailures;
import io.tributary.cdc.engine.RestartBackoff;
import io.tributary.source.spi.capture.CapturedSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The capture engines of this instance, one per source whose capture lease it holds: starts and
 * stops them, restarts a failed one after a backoff, and records a capture's error where the
 * operator looks until it has run long enough to count as working again. Which engines should run
 * is {@link CaptureReconciler}'s call; the running ones can be read from any thread.
 */
@ApplicationScoped
public class EngineWorkers {
  private static final Logger LOG = Logger.getLogger(EngineWorkers.class);

  private final CaptureConfig config;
  private final CaptureHealthRepository health;
  private final SourceCaptures captures;
  private final CaptureLeases leases;
  private final EngineStarter starter;
  private final Map<String, CaptureEngine> running = new ConcurrentHashMap<>();
  private final RestartBackoff backoff;

  /**
   * Sources whose capture was started or failed and has not yet run long enough to count as
   * working: once it has, a capture error recorded for it (by this process or an earlier one) is
   * cleared.
   */
  private final Set<String> unconfirmed = new HashSet<>();

  private final Set<String> unsupportedWarned = ConcurrentHashMap.newKeySet();
  private volatile boolean shuttingDown;

  public EngineWorkers(
      CaptureConfig config,
      CaptureHealthRepository health,
      SourceCaptures captures,
      CaptureLeases leases,
      EngineStarter starter) {
    this.config = config;
    this.health = health;
    this.captures = captures;
    this.leases = leases;
    this.starter = starter;
    this.backoff = new RestartBackoff(config::restartBackoff);
  }

  /**
   * Starts the capture of a wanted source unless it runs, failed less than a backoff ago, is of a
   * kind this version cannot capture, or another instance holds its lease.
   */
  void startIfDue(CapturedSource source) {
    if (running.containsKey(source.id())) {
      return;
    }
    if (!backoff.due(source.id())) {
      return;
    }
    if (!captures.supports(source.kind())) {
      if (unsupportedWarned.add(source.id())) {
        LOG.warnf(
            "Source %s is of kind %s, which this version cannot capture",
            source.id(), source.kindName());
      }
      return;
    }
    if (!leases.acquire(source.migration(), source.source())) {
      return; // another instance captures it
    }
    start(source);
  }

  private void start(CapturedSource source) {
    try {
      CaptureEngine engine = starter.start(source);
      running.put(source.id(), engine);
      unconfirmed.add(source.id());
      backoff.forget(source.id());
    } catch (SQLException | RuntimeException e) {
      backoff.failed(source.id());
      LOG.errorf(e, "Failed to start capture of %s: %s", source.id(), e.getMessage());
      recordFailure(source, "cannot start: " + EngineFailures.describe(e));
    }
  }

  /** Ids of the running engines, in the order to look at them. */
  List<String> ids() {
    return new ArrayList<>(running.keySet());
  }

  /** The running engine of a source, or null. */
  CaptureEngine engine(String id) {
    return running.get(id);
  }

  /** Whether this instance still holds the lease of a running capture. */
  boolean holdsLease(String id) {
    return leases.holds(id);
  }

  /** Stops a running engine and forgets it; its lease is kept. */
  CaptureEngine stop(String id) {
    CaptureEngine engine = running.remove(id);
    engine.stop();
    return engine;
  }

  /** Gives up the lease of a source whose capture stopped here for good. */
  void release(CapturedSource source) {
    leases.release(source.migration(), source.source());
  }

  /** Starts the source's capture at the next look, without waiting out a backoff. */
  void forgetFailure(String id) {
    backoff.forget(id);
  }

  /** After a stopped engine ended by itself: records why and restarts it after the backoff. */
  void restartLater(CaptureEngine engine) {
    String id = engine.source().id();
    backoff.failed(id);
    LOG.warnf(
        "Capture of %s ended%s; restarting in %s",
        id,
        engine.failure() == null ? "" : " with " + engine.failure().getMessage(),
        config.restartBackoff());
    recordFailure(engine.source(), EngineFailures.describe(engine.failure()));
  }

  /** Clears a capture's recorded error once it has run without failing for a while. */
  void confirmIfWorking(CaptureEngine engine) {
    if (unconfirmed.contains(engine.source().id())
        && engine.working(config.restartBackoff().multipliedBy(3))) {
      recordRecovery(engine.source());
    }
  }

  /** Stops a source's engine, if one runs, before its change capture is removed on request. */
  void stopBeforeRemoval(String id) {
    CaptureEngine engine = running.remove(id);
    if (engine != null) {
      LOG.infof("Stopping the capture of %s before removing its change capture", id);
      engine.stop();
    }
  }

  /** Records where the operator looks that a source's capture fails, and why. */
  private void recordFailure(CapturedSource source, String error) {
    try {
      health.captureFailed(source.migration(), source.source(), error);
      unconfirmed.add(source.id());
    } catch (RuntimeException e) {
      LOG.warnf("Failed to record the capture error of %s: %s", source.id(), e.getMessage());
    }
  }

  /** Clears a source's capture error: its capture has run without failing for a while. */
  private void recordRecovery(CapturedSource source) {
    try {
      if (health.captureRecovered(source.migration(), source.source())) {
        LOG.infof("Capture of %s runs again: its error is cleared", source.id());
      }
      unconfirmed.remove(source.id());
    } catch (RuntimeException e) {
      LOG.warnf("Failed to clear the capture error of %s: %s", source.id(), e.getMessage());
    }
  }

  /** Whether this instance is shutting down: nothing starts any more. */
  boolean stopping() {
    return shuttingDown;
  }

  /**
   * The source of a running capture; empty when none runs under this id ({@code migration/source}).
   * Safe to call from any thread.
   */
  public Optional<CapturedSource> runningSource(String id) {
    CaptureEngine engine = running.get(id);
    return engine == null ? Optional.empty() : Optional.of(engine.source());
  }

  /** Ids of the captures running now. */
  public Set<String> runningCaptures() {
    return Set.copyOf(running.keySet());
  }

  /** The sources of the captures running now. */
  List<CapturedSource> runningSources() {
    return running.values().stream().map(CaptureEngine::source).toList();
  }

  void onStop(@Observes ShutdownEvent event) {
    shuttingDown = true;
    // stopped, then given up: another instance takes the sources over at once, not at expiry
    for (CaptureEngine engine : running.values()) {
      engine.stop();
      release(engine.source());
    }
    running.clear();
  }
}
