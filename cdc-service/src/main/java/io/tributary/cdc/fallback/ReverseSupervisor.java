package io.tributary.cdc.fallback;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.tributary.cdc.CaptureConfig;
import io.tributary.cdc.capture.EngineWorkers;
import io.tributary.cdc.engine.EngineFailures;
import io.tributary.cdc.engine.RestartBackoff;
import io.tributary.cdc.fallback.FallbackWindowRepository.OpenWindow;
import io.tributary.cdc.fallback.FallbackWindowRepository.WindowSource;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.plan.PostgresUrl;
import io.tributary.controlgate.ControlSchemaGate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs one {@link ReverseReplicator} for every open fallback window ({@link
 * FallbackWindowRepository#openWindows}) and stops those whose window closed or whose migration
 * left CUT_OVER and FALLING_BACK. A write-back that stopped on an error is started again after
 * {@code tributary.capture.restart-backoff}, from the slot's confirmed position; the error is
 * recorded on the window until a batch goes through.
 */
@ApplicationScoped
public class ReverseSupervisor {
  private static final Logger LOG = Logger.getLogger(ReverseSupervisor.class);

  /** How long a restarted write-back runs without failing before its recorded error is cleared. */
  private static final Duration WORKS_AFTER = Duration.ofSeconds(30);

  private final CaptureConfig config;
  private final FallbackWindowRepository repository;
  private final WriteBacks writeBacks;
  private final ControlSchemaGate controlSchema;
  private final EngineWorkers captures;
  private final PostgresUrl target;
  private final Map<String, ReverseReplicator> running = new HashMap<>();
  private final RestartBackoff backoff;
  private volatile boolean shuttingDown;

  public ReverseSupervisor(
      CaptureConfig config,
      FallbackWindowRepository repository,
      WriteBacks writeBacks,
      ControlSchemaGate controlSchema,
      EngineWorkers captures,
      @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
      @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
      @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
    this.config = config;
    this.repository = repository;
    this.writeBacks = writeBacks;
    this.controlSchema = controlSchema;
    this.captures = captures;
    this.backoff = new RestartBackoff(config::restartBackoff);
    PostgresUrl configured = PostgresUrl.parseConfigured(url);
    this.target =
        new PostgresUrl(
            configured.host(),
            configured.port(),
            configured.database(),
            user.orElse(configured.user()),
            password.orElse(configured.password()),
            configured.parameters());
  }

  @Scheduled(
      every = "${tributary.capture.supervise-interval:2s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = Scheduled.ApplicationNotRunning.class)
  synchronized void reconcile() {
    if (!config.enabled() || shuttingDown || !controlSchema.ready()) {
      return;
    }
    List<OpenWindow> windows;
    try {
      windows = repository.openWindows();
    } catch (RuntimeException e) {
      LOG.warnf("Failed to read the open fallback windows: %s", e.getMessage());
      return;
    }
    Set<String> open = windows.stream().map(OpenWindow::migration).collect(Collectors.toSet());
    for (String migration : List.copyOf(running.keySet())) {
      if (!open.contains(migration)) {
        running.remove(migration).stop();
        backoff.forget(migration);
      }
    }
    for (OpenWindow window : windows) {
      ReverseReplicator replicator = running.get(window.migration());
      if (replicator != null && replicator.finished()) {
        Throwable failure = replicator.failure();
        running.remove(window.migration()).stop();
        backoff.failed(window.migration());
        record(window.migration(), failure == null ? "stopped" : EngineFailures.describe(failure));
        replicator = null;
      }
      if (replicator == null
          && backoff.due(window.migration())
          && !forwardCaptureRuns(window.migration())) {
        start(window);
      }
      ReverseReplicator now = running.get(window.migration());
      if (now != null) {
        try {
          if (now.working(WORKS_AFTER) && backoff.forget(window.migration())) {
            repository.clearError(window.migration());
          }
          repository.recordLag(window.migration());
        } catch (RuntimeException e) {
          LOG.debugf("Failed to record the fallback lag of '%s': %s", window.migration(), e);
        }
      }
    }
  }

  /**
   * Whether a capture of the migration's sources still runs here: the cutover made it end, and the
   * capture reconciler stops it on its next round. The write-back waits for that (the target's
   * changes wait in its slot meanwhile): a row written back into a source while its capture still
   * ran would be captured again, onto a topic apply no longer applies, and the fallback's gate
   * would find that topic not drained.
   */
  private boolean forwardCaptureRuns(String migration) {
    String prefix = migration + "/";
    return captures.runningCaptures().stream().anyMatch(id -> id.startsWith(prefix));
  }

  private void start(OpenWindow window) {
    try {
      List<WindowSource> sources = repository.sources(window.migration());
      List<TableDef> tables = sources.stream().flatMap(s -> s.tables().stream()).toList();
      ReverseReplicator replicator = new ReverseReplicator(window, sources, writeBacks, repository);
      replicator.start(ReverseEngineProperties.of(target, window, tables, config));
      running.put(window.migration(), replicator);
    } catch (RuntimeException e) {
      backoff.failed(window.migration());
      record(window.migration(), EngineFailures.describe(e));
    }
  }

  private void record(String migration, String error) {
    LOG.warnf("Write-back of migration '%s' stopped: %s", migration, error);
    try {
      repository.recordError(migration, error);
    } catch (RuntimeException e) {
      LOG.warnf("Failed to record the write-back error of '%s': %s", migration, e.getMessage());
    }
  }

  /** The migrations whose changes are written back by this instance now. */
  public synchronized Set<String> running() {
    return Set.copyOf(running.keySet());
  }

  synchronized void onStop(@Observes ShutdownEvent event) {
    shuttingDown = true;
    running.values().forEach(ReverseReplicator::stop);
    running.clear();
  }
}
