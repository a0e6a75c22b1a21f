package io.tributary.cdc.capture;

import io.tributary.source.spi.capture.CapturedSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The sources of paused migrations ({@code tributary.migrations.paused_at}) as {@link
 * CaptureReconciler} last read them: says when their capture stops or stays stopped for a pause and
 * when it resumes, and removes the change capture of one whose migration ended while paused.
 * Nothing is uninstalled for a pause: the changes wait in the source.
 */
@ApplicationScoped
public class PausedCaptures {
  private static final Logger LOG = Logger.getLogger(PausedCaptures.class);

  private final SourceCaptures captures;
  private final EndedCaptureSweeper ended;

  /** Sources of paused migrations as last read, by id. */
  private final Map<String, CapturedSource> paused = new HashMap<>();

  public PausedCaptures(SourceCaptures captures, EndedCaptureSweeper ended) {
    this.captures = captures;
    this.ended = ended;
  }

  /** The capture of a source was stopped: its migration is paused now. */
  void stopped(ActiveSources.PausedSource pausedNow) {
    paused.put(pausedNow.source().id(), pausedNow.source());
    log(
        "Migration %s paused by %s at %s: capture of source %s stopped; changes wait in the"
            + " source (%s), nothing was uninstalled",
        pausedNow);
  }

  /**
   * Takes the sources of paused migrations as read now: a newly paused one is noted, one no longer
   * paused either resumes (it is wanted again) or ended without running again.
   *
   * @param pausedNow sources of paused migrations by id, with their pause
   * @param wantedIds ids of the sources to capture now
   */
  void update(Map<String, ActiveSources.PausedSource> pausedNow, Set<String> wantedIds) {
    for (ActiveSources.PausedSource source : pausedNow.values()) {
      if (paused.putIfAbsent(source.source().id(), source.source()) == null) {
        log(
            "Migration %s is paused by %s since %s: capture of source %s does not run; changes"
                + " wait in the source (%s)",
            source);
      }
    }
    for (String id : new ArrayList<>(paused.keySet())) {
      if (pausedNow.containsKey(id)) {
        continue;
      }
      CapturedSource source = paused.remove(id);
      if (wantedIds.contains(id)) {
        LOG.infof(
            "Migration %s resumed: capture of source %s starts again from its stored offsets",
            source.migration(), source.source());
      } else {
        // paused, then ended (cut over, failed, deleted) without running again
        ended.removeCaptureIfEnded(source);
      }
    }
  }

  /**
   * Logs a pause: {@code message} takes the migration, who paused it, when, the source and where
   * its changes wait.
   */
  private void log(String message, ActiveSources.PausedSource paused) {
    CapturedSource source = paused.source();
    LOG.infof(
        message,
        source.migration(),
        paused.pause().pausedBy(),
        paused.pause().pausedAt(),
        source.source(),
        waitingPlace(source));
  }

  /** Where the changes of a stopped capture wait, for logs. */
  private String waitingPlace(CapturedSource source) {
    return captures
        .find(source.kind())
        .map(c -> c.waitingPlace(source))
        .orElse(source.displayLocation());
  }
}
