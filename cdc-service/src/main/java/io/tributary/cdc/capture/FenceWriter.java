package io.tributary.cdc.capture;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.tributary.capture.FenceRelay;
import io.tributary.cdc.CaptureConfig;
import io.tributary.common.concurrent.Poller;
import io.tributary.controlgate.ControlSchemaGate;
import io.tributary.source.spi.capture.CapturedSource;
import io.tributary.source.spi.capture.SourceCapture;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Writes requested fences ({@code tributary.fences}) into their sources' change streams, through
 * each kind's {@link SourceCapture#writeFence} ({@link FenceRelay}): a transactional logical
 * decoding message for PostgreSQL, a change-log entry for SQLite. The capture publishes a marker on
 * every table topic when it reads the fence back and records the markers' offsets.
 *
 * <p>A cutover's write pause lasts until apply committed past its fences, so they are looked for
 * every {@code tributary.capture.fence-poll} (25 ms) on a thread of their own, not with the
 * reconciliation of {@link CaptureReconciler} (every 2 s, and it may take seconds to start an
 * engine). Quarkus' scheduler cannot do it: it checks its triggers once a second. The poll is one
 * query on a table of a few rows, made only while captures run. It reads the running captures from
 * {@link EngineWorkers#runningSource}, which is safe while the reconciler changes them: a fence
 * written into a source whose capture is stopping just waits in the source like any change, and a
 * fence of a source not captured now (paused, or its capture restarting) is written once its
 * capture runs.
 */
@ApplicationScoped
public class FenceWriter {
  private static final Logger LOG = Logger.getLogger(FenceWriter.class);

  private final CaptureConfig config;
  private final FenceRepository fences;
  private final EngineWorkers engines;
  private final ControlSchemaGate controlSchema;
  private final SourceCaptures captures;
  private final FenceRelay relay;
  private final Map<Long, String> failures = new HashMap<>();
  private String readFailure;
  private Poller poller;

  public FenceWriter(
      CaptureConfig config,
      FenceRepository fences,
      EngineWorkers engines,
      ControlSchemaGate controlSchema,
      SourceCaptures captures) {
    this.captures = captures;
    this.config = config;
    this.fences = fences;
    this.engines = engines;
    this.controlSchema = controlSchema;
    this.relay = new FenceRelay(fences);
  }

  void onStart(@Observes StartupEvent event) {
    if (!config.enabled()) {
      return;
    }
    poller =
        Poller.start(
            "capture-fences",
            config.fencePoll(),
            config.fencePoll(),
            this::writePending,
            e -> LOG.errorf(e, "Writing fences failed: %s", e.getMessage()));
  }

  void onStop(@Observes ShutdownEvent event) {
    if (poller != null) {
      poller.stopNow();
    }
  }

  /** Writes every requested fence of a running capture into its source. */
  void writePending() {
    if (!controlSchema.ready() || engines.runningCaptures().isEmpty()) {
      return;
    }
    List<Object[]> pending;
    try {
      pending = fences.pendingFences();
      if (readFailure != null) {
        readFailure = null;
        LOG.info("Reading requested fences works again");
      }
    } catch (RuntimeException e) {
      if (!Objects.equals(readFailure, e.getMessage())) {
        readFailure = e.getMessage();
        LOG.warnf("Failed to read requested fences (retrying): %s", e.getMessage());
      }
      return;
    }
    failures.keySet().retainAll(pending.stream().map(f -> (Long) f[0]).toList());
    for (Object[] fence : pending) {
      write((Long) fence[0], (String) fence[1], (String) fence[2]);
    }
  }

  private void write(long id, String migration, String sourceName) {
    Optional<CapturedSource> running = engines.runningSource(migration + "/" + sourceName);
    if (running.isEmpty()) {
      return; // written once its capture runs
    }
    CapturedSource source = running.get();
    try {
      relay.write(id, source, captures.of(source.kind()));
      failures.remove(id);
    } catch (SQLException | RuntimeException e) {
      // said once per fence and reason: the poll retries every fence-poll interval
      if (!Objects.equals(failures.put(id, e.getMessage()), e.getMessage())) {
        LOG.warnf(
            "Failed to write fence %d into %s (retrying): %s", id, source.id(), e.getMessage());
      }
    }
  }
}
