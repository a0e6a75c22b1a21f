package io.tributary.cdc.capture;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.tributary.cdc.capture.sqlite.SqliteCaptureInstaller;
import io.tributary.cdc.capture.sqlite.UninstallReport;
import io.tributary.cdc.control.ControlSchemaInitializer;
import io.tributary.cdc.kafka.KafkaClients;
import io.tributary.cdc.kafka.TopicProvisioner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Keeps one capture engine running for every source of every migration in a capturing state, as
 * recorded in the control schema: starts engines for new sources, stops those whose migration
 * ended, and restarts failed ones after a backoff.
 *
 * <p>When a migration ends (cut over, rolled back, failed, or deleted), the change capture its
 * SQLite sources carry (triggers and change log, see {@link SqliteCaptureInstaller}) is removed
 * once their engine stopped; at startup the same is done for migrations that ended while no
 * cdc-service ran. {@link #removeCapture} does it on request.
 */
@ApplicationScoped
public class CaptureSupervisor {
  private static final Logger LOG = Logger.getLogger(CaptureSupervisor.class);

  private final CaptureConfig config;
  private final CaptureRepository repository;
  private final KafkaClients kafka;
  private final TopicProvisioner topics;
  private final CaptureMetrics metrics;
  private final ControlSchemaInitializer controlSchema;
  private final Map<String, CaptureEngine> running = new ConcurrentHashMap<>();
  private final Map<String, Instant> failedAt = new HashMap<>();
  private volatile boolean shuttingDown;
  private boolean endedSourcesSwept;

  public CaptureSupervisor(
      CaptureConfig config,
      CaptureRepository repository,
      KafkaClients kafka,
      TopicProvisioner topics,
      CaptureMetrics metrics,
      ControlSchemaInitializer controlSchema) {
    this.config = config;
    this.controlSchema = controlSchema;
    this.repository = repository;
    this.kafka = kafka;
    this.topics = topics;
    this.metrics = metrics;
  }

  @Scheduled(
      every = "${tributary.capture.supervise-interval:2s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = Scheduled.ApplicationNotRunning.class)
  synchronized void reconcile() {
    if (!config.enabled() || shuttingDown || !controlSchema.ready()) {
      return;
    }
    List<CapturedSource> wanted;
    try {
      wanted = repository.activeSources();
    } catch (RuntimeException e) {
      LOG.warnf("Failed to read active sources from the control schema: %s", e.getMessage());
      return;
    }
    Set<String> wantedIds = wanted.stream().map(CapturedSource::id).collect(Collectors.toSet());
    for (String id : new ArrayList<>(running.keySet())) {
      CaptureEngine engine = running.get(id);
      if (!wantedIds.contains(id)) {
        LOG.infof("Migration of %s is no longer active: stopping its capture", id);
        running.remove(id).stop();
        removeCaptureIfEnded(engine.source());
      } else if (engine.finished()) {
        running.remove(id).stop();
        failedAt.put(id, Instant.now());
        LOG.warnf(
            "Capture of %s ended%s; restarting in %s",
            id,
            engine.failure() == null ? "" : " with " + engine.failure().getMessage(),
            config.restartBackoff());
      }
    }
    for (CapturedSource source : wanted) {
      if (running.containsKey(source.id())) {
        continue;
      }
      Instant failed = failedAt.get(source.id());
      if (failed != null && failed.plus(config.restartBackoff()).isAfter(Instant.now())) {
        continue;
      }
      if (!"sqlite".equals(source.kind())) {
        LOG.warnf(
            "Source %s is of kind %s, which this version cannot capture",
            source.id(), source.kind());
        continue;
      }
      start(source);
    }
    if (!endedSourcesSwept) {
      endedSourcesSwept = true;
      removeCaptureOfEndedSources();
    }
  }

  /** After its engine stopped: removes a SQLite source's change capture unless still active. */
  private void removeCaptureIfEnded(CapturedSource source) {
    if (!"sqlite".equals(source.kind())) {
      return;
    }
    SourceState state;
    try {
      state = repository.sourceState(source.migration(), source.source()).orElse(null);
    } catch (RuntimeException e) {
      LOG.warnf(
          "Failed to read the state of %s; its change capture stays in %s until the next start"
              + " or an uninstall command: %s",
          source.id(), source.location(), e.getMessage());
      return;
    }
    if (state != null && state.active()) {
      LOG.infof(
          "Migration %s is %s: the change capture of %s stays in %s",
          source.migration(), state.state(), source.id(), source.location());
      return;
    }
    uninstall(source.id(), source.location());
  }

  /** Removes the change capture left in the files of SQLite sources whose migration ended. */
  private void removeCaptureOfEndedSources() {
    List<SourceState> ended;
    try {
      ended = repository.endedSqliteSources();
    } catch (RuntimeException e) {
      LOG.warnf("Failed to list sources of ended migrations: %s", e.getMessage());
      return;
    }
    for (SourceState source : ended) {
      try {
        if (installer(source.location()).isRegistered(source.id())) {
          uninstall(source.id(), source.location());
        }
      } catch (SQLException e) {
        LOG.warnf(
            "Failed to check %s for the change capture of %s (migration %s): %s",
            source.location(), source.id(), source.state(), e.getMessage());
      }
    }
  }

  private void uninstall(String id, String location) {
    try {
      UninstallReport report = installer(location).uninstall(id);
      LOG.infof("Removed the change capture of %s from %s: %s", id, location, report.message());
    } catch (SQLException | RuntimeException e) {
      LOG.errorf(
          "Failed to remove the change capture of %s from %s: %s; remove it with POST"
              + " /cdc/sources/%s/uninstall",
          id, location, e.getMessage(), id);
    }
  }

  private SqliteCaptureInstaller installer(String location) {
    return new SqliteCaptureInstaller(
        Path.of(location), (int) config.sqliteBusyTimeout().toMillis());
  }

  /**
   * Removes a SQLite source's change capture from its file, stopping its engine first if one still
   * runs. The caller checks that the migration is no longer active.
   *
   * @throws SQLException when the file cannot be changed (locked by the application too long, not
   *     writable)
   */
  public synchronized UninstallReport removeCapture(SourceState source) throws SQLException {
    CaptureEngine engine = running.remove(source.id());
    if (engine != null) {
      LOG.infof("Stopping the capture of %s before removing its change capture", source.id());
      engine.stop();
    }
    UninstallReport report = installer(source.location()).uninstall(source.id());
    LOG.infof(
        "Removed the change capture of %s from %s on request: %s",
        source.id(), source.location(), report.message());
    return report;
  }

  private void start(CapturedSource source) {
    try {
      List<String> needed = new ArrayList<>(source.topics());
      needed.add(config.progressTopic());
      topics.ensure(needed, config.topicPartitions(), config.topicReplicationFactor());
      CaptureEngine engine = new CaptureEngine(source);
      engine.start(
          kafka.bootstrapServers(),
          config,
          new RecordPublisher(kafka.producer(), config.progressTopic(), repository, metrics));
      running.put(source.id(), engine);
      failedAt.remove(source.id());
    } catch (RuntimeException e) {
      failedAt.put(source.id(), Instant.now());
      LOG.errorf(e, "Failed to start capture of %s", source.id());
    }
  }

  /** Ids of the captures running now. */
  public Set<String> runningCaptures() {
    return Set.copyOf(running.keySet());
  }

  void onStop(@Observes ShutdownEvent event) {
    shuttingDown = true;
    running.values().forEach(CaptureEngine::stop);
    running.clear();
  }
}
