package io.tributary.cdc.capture;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.tributary.cdc.control.ControlSchemaInitializer;
import io.tributary.cdc.kafka.KafkaClients;
import io.tributary.cdc.kafka.TopicProvisioner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
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
  void reconcile() {
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
