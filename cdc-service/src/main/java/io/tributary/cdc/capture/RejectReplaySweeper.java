package io.tributary.cdc.capture;

import io.tributary.cdc.CaptureConfig;
import io.tributary.source.spi.capture.CapturedSource;
import io.tributary.source.spi.capture.SourceCapture;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Replays requested rejects through their source's {@link SourceCapture#replay capture} (SQLite:
 * the rows go back into the change log, so capture reads each as it is now and apply writes it
 * through the current catalog). Replays of a kind that cannot replay (PostgreSQL) are refused.
 */
@ApplicationScoped
public class RejectReplaySweeper {
  private static final Logger LOG = Logger.getLogger(RejectReplaySweeper.class);

  private final CaptureConfig config;
  private final ReplayRepository replays;
  private final SourceCaptures captures;
  private final EngineWorkers engines;

  public RejectReplaySweeper(
      CaptureConfig config,
      ReplayRepository replays,
      SourceCaptures captures,
      EngineWorkers engines) {
    this.config = config;
    this.replays = replays;
    this.captures = captures;
    this.engines = engines;
  }

  /** Replays the pending requests of running captures; the others wait until theirs runs. */
  void sweep() {
    List<ReplayRepository.Request> pending;
    try {
      pending = replays.pending(config.replayDelay());
    } catch (RuntimeException e) {
      LOG.warnf("Failed to read requested replays: %s", e.getMessage());
      return;
    }
    for (ReplayRepository.Request request : pending) {
      Optional<CapturedSource> running =
          engines.runningSource(request.migration() + "/" + request.source());
      if (running.isEmpty()) {
        continue; // replayed once its capture runs
      }
      CapturedSource source = running.get();
      SourceCapture capture = captures.of(source.kind());
      if (!capture.replaysRejects()) {
        replays.done(
            request.id(),
            List.of(),
            0,
            "replaying rejects of " + source.kindName() + " sources is not supported yet");
        continue;
      }
      try {
        SourceCapture.Replayed done =
            capture.replay(source, request.id(), replays.openRejects(request));
        replays.done(request.id(), done.replayed(), done.skipped(), null);
      } catch (SQLException | RuntimeException e) {
        LOG.warnf("Replay %d of %s failed: %s", request.id(), source.id(), e.getMessage());
        replays.done(request.id(), List.of(), 0, e.getMessage());
      }
    }
  }
}
