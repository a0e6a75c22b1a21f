package io.tributary.cdc.capture;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.tributary.cdc.CaptureConfig;
import io.tributary.common.concurrent.Poller;
import io.tributary.controlgate.ControlSchemaGate;
import io.tributary.source.spi.capture.CapturedSource;
import io.tributary.source.spi.capture.SourceCapture;
import io.tributary.source.spi.capture.SourceState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.SQLException;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Installs the sources' change capture again when a fallback asks ({@code
 * sources.capture_resume_requested_at}, migration FALLING_BACK): the sources are still frozen and
 * the write-back drained, so the capture installed now misses none of the applications' writes
 * after the switch back, and holds none of the write-back's (what an earlier fallback that rolled
 * back installed is removed first). Only the install runs here (the kind's {@link
 * SourceCapture#install}); the engine starts from FELL_BACK on, without a snapshot ({@link
 * CapturedSource#streamOnly}). A fallback's write pause waits for this, so requests are looked for
 * every {@code tributary.capture.fence-poll}, like fences.
 */
@ApplicationScoped
public class CaptureResumer {
  private static final Logger LOG = Logger.getLogger(CaptureResumer.class);

  private final CaptureConfig config;
  private final CaptureRepository repository;
  private final SourceCaptures captures;
  private final ControlSchemaGate controlSchema;
  private final CaptureLeases leases;
  private Poller poller;

  public CaptureResumer(
      CaptureConfig config,
      CaptureRepository repository,
      SourceCaptures captures,
      ControlSchemaGate controlSchema,
      CaptureLeases leases) {
    this.leases = leases;
    this.config = config;
    this.repository = repository;
    this.captures = captures;
    this.controlSchema = controlSchema;
  }

  void onStart(@Observes StartupEvent event) {
    if (!config.enabled()) {
      return;
    }
    poller =
        Poller.start(
            "capture-resumes",
            config.fencePoll(),
            config.fencePoll(),
            () -> {
              if (controlSchema.ready()) {
                poll();
              }
            },
            e -> LOG.debugf("Looking for capture resume requests failed: %s", e.getMessage()));
  }

  void onStop(@Observes ShutdownEvent event) {
    if (poller != null) {
      poller.stopNow();
    }
  }

  /**
   * Installs the capture of every source a fallback asked for; one failure does not stop others.
   */
  void poll() {
    List<CapturedSource> requested = repository.resumeRequests();
    for (CapturedSource source : requested) {
      // one instance installs a source's capture: the one holding (or taking) its lease
      if (!leases.acquire(source.migration(), source.source())) {
        continue;
      }
      try {
        if (source.kind() == null || !captures.supports(source.kind())) {
          throw new SQLException("this version cannot capture " + source.kindName() + " sources");
        }
        SourceCapture capture = captures.of(source.kind());
        // afresh: what an earlier, rolled-back fallback installed (a change log or slot holding the
        // write-back's writes since) is removed first, so streaming starts from now
        SourceState state =
            new SourceState(
                source.migration(),
                source.source(),
                source.kind(),
                source.location(),
                "FALLING_BACK");
        if (capture.isInstalled(state)) {
          capture.uninstall(state);
        }
        capture.install(source);
        repository.captureResumed(source.migration(), source.source(), null);
        LOG.infof(
            "Change capture of %s installed again for its fallback; capture streams it from"
                + " FELL_BACK on, without a snapshot",
            source.id());
      } catch (SQLException | RuntimeException e) {
        LOG.warnf(
            "Change capture of %s could not be installed again: %s", source.id(), e.getMessage());
        repository.captureResumed(
            source.migration(), source.source(), String.valueOf(e.getMessage()));
      } finally {
        leases.release(source.migration(), source.source());
      }
    }
  }
}
