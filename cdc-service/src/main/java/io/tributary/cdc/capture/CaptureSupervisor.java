package io.tributary.cdc.capture;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.tributary.cdc.CaptureConfig;
import io.tributary.cdc.control.ControlSchemaGate;
import io.tributary.cdc.kafka.KafkaClients;
import io.tributary.cdc.kafka.TopicProvisioner;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.event.ChangeEventCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Keeps one capture engine running for every source of every migration in a capturing state ({@link
 * CaptureStates#capturing}, ROLLED_BACK included: replication continues after a rolled-back
 * cutover), as recorded in the control schema: starts engines for new sources, stops those whose
 * migration ended, and restarts failed ones after a backoff.
 *
 * <p>A migration an operator paused ({@code tributary.migrations.paused_at}) is not captured: its
 * engines stop and nothing is uninstalled, so its changes wait in the source (the SQLite change
 * log, the PostgreSQL slot); once the pause is lifted its engines start again from their stored
 * offsets. Fences are written by {@link FenceWriter}, on its own faster schedule.
 *
 * <p>When a migration ends ({@link CaptureStates#ended}: cut over, failed or abandoned; or
 * deleted), the change capture its sources carry (SQLite: triggers and change log; PostgreSQL:
 * replication slot, publication and replica identities; see each kind's {@link SourceCapture}) is
 * removed once their engine stopped; at startup, and again every {@code
 * tributary.capture.ended-sweep-interval}, the same is done for ended migrations whose change
 * capture is still installed (they ended while no cdc-service ran, or their source could not be
 * reached then: a slot left behind would hold WAL for ever). {@link #removeCapture} does it on
 * request.
 */
@ApplicationScoped
public class CaptureSupervisor {
  private static final Logger LOG = Logger.getLogger(CaptureSupervisor.class);

  private final CaptureConfig config;
  private final CaptureRepository repository;
  private final ReplayRepository replays;
  private final KafkaClients kafka;
  private final TopicProvisioner topics;
  private final CaptureMetrics metrics;
  private final ControlSchemaGate controlSchema;
  private final SourceCaptures captures;
  private final CaptureOffsetEraser offsetEraser;
  private final CaptureLeases leases;
  private final Map<String, CaptureEngine> running = new ConcurrentHashMap<>();
  private final Map<String, CaptureLag> slotLags = new ConcurrentHashMap<>();
  private final Set<String> reportedStrays = ConcurrentHashMap.newKeySet();
  private volatile Map<String, List<StraySlot>> straySlots = Map.of();
  private final Map<String, Instant> failedAt = new HashMap<>();

  /**
   * Sources whose capture was started or failed and has not yet run long enough to count as
   * working: once it has, a capture error recorded for it (by this process or an earlier one) is
   * cleared.
   */
  private final Set<String> unconfirmed = new HashSet<>();

  /** Sources of paused migrations as last read, by id; only {@link #reconcile} uses it. */
  private final Map<String, CapturedSource> paused = new HashMap<>();

  private volatile boolean shuttingDown;
  private Instant endedSourcesSweptAt = Instant.EPOCH;

  /** Sources of ended migrations this process has tried to remove the change capture of. */
  private final Set<String> sweptEnded = new HashSet<>();

  private final Set<String> unsupportedWarned = ConcurrentHashMap.newKeySet();
  private Instant lagCheckedAt = Instant.EPOCH;

  public CaptureSupervisor(
      CaptureConfig config,
      CaptureRepository repository,
      KafkaClients kafka,
      TopicProvisioner topics,
      CaptureMetrics metrics,
      ControlSchemaGate controlSchema,
      ReplayRepository replays,
      SourceCaptures captures,
      CaptureOffsetEraser offsetEraser,
      CaptureLeases leases) {
    this.offsetEraser = offsetEraser;
    this.leases = leases;
    this.replays = replays;
    this.captures = captures;
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
    Set<String> wantedIds = wantedById.keySet();
    for (String id : new ArrayList<>(running.keySet())) {
      CaptureEngine engine = running.get(id);
      ActiveSources.PausedSource pausedNow = active.paused().get(id);
      if (!leases.holds(id)) {
        // another instance took the source over (this one could not renew in time): it captures
        running.remove(id).stop();
        LOG.warnf(
            "Capture of %s stopped: this instance no longer holds its lease (another instance"
                + " captures it, or will once the lease expires)",
            id);
      } else if (pausedNow != null) {
        running.remove(id).stop();
        release(engine.source());
        failedAt.remove(id);
        paused.put(id, pausedNow.source());
        LOG.infof(
            "Migration %s paused by %s at %s: capture of source %s stopped; changes wait in the"
                + " source (%s), nothing was uninstalled",
            pausedNow.source().migration(),
            pausedNow.pause().pausedBy(),
            pausedNow.pause().pausedAt(),
            pausedNow.source().source(),
            waitingPlace(pausedNow.source()));
      } else if (!wantedIds.contains(id)) {
        LOG.infof("Migration of %s is no longer active: stopping its capture", id);
        running.remove(id).stop();
        removeCaptureIfEnded(engine.source());
        release(engine.source());
      } else if (engine.source().lacksResyncOf(wantedById.get(id))) {
        running.remove(id).stop();
        failedAt.remove(id);
        LOG.infof(
            "Tables of %s are to be read again (%s): its capture restarts to read them as a new"
                + " snapshot generation, then streams on from where it was",
            id, wantedById.get(id).resyncs().keySet());
      } else if (engine.finished()) {
        running.remove(id).stop();
        failedAt.put(id, Instant.now());
        LOG.warnf(
            "Capture of %s ended%s; restarting in %s",
            id,
            engine.failure() == null ? "" : " with " + engine.failure().getMessage(),
            config.restartBackoff());
        recordFailure(engine.source(), CaptureFailures.describe(engine.failure()));
      } else if (unconfirmed.contains(id)
          && engine.working(config.restartBackoff().multipliedBy(3))) {
        recordRecovery(engine.source());
      }
    }
    for (ActiveSources.PausedSource source : active.paused().values()) {
      if (paused.putIfAbsent(source.source().id(), source.source()) == null) {
        LOG.infof(
            "Migration %s is paused by %s since %s: capture of source %s does not run; changes"
                + " wait in the source (%s)",
            source.source().migration(),
            source.pause().pausedBy(),
            source.pause().pausedAt(),
            source.source().source(),
            waitingPlace(source.source()));
      }
    }
    for (String id : new ArrayList<>(paused.keySet())) {
      if (active.paused().containsKey(id)) {
        continue;
      }
      CapturedSource source = paused.remove(id);
      if (wantedIds.contains(id)) {
        LOG.infof(
            "Migration %s resumed: capture of source %s starts again from its stored offsets",
            source.migration(), source.source());
      } else {
        // paused, then ended (cut over, failed, deleted) without running again
        removeCaptureIfEnded(source);
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
      if (!captures.supports(source.kind())) {
        if (unsupportedWarned.add(source.id())) {
          LOG.warnf(
              "Source %s is of kind %s, which this version cannot capture",
              source.id(), source.kindName());
        }
        continue;
      }
      if (!leases.acquire(source.migration(), source.source())) {
        continue; // another instance captures it
      }
      start(source);
    }
    boolean fullSweep =
        endedSourcesSweptAt.plus(config.endedSweepInterval()).isBefore(Instant.now());
    if (fullSweep) {
      endedSourcesSweptAt = Instant.now();
    }
    removeCaptureOfEndedSources(fullSweep);
    replayRejects();
    if (lagCheckedAt.plus(config.slotLagInterval()).isBefore(Instant.now())) {
      lagCheckedAt = Instant.now();
      recordSlotLag();
      findStraySlots(active);
    }
  }

  /**
   * Replays requested rejects through their source's {@link SourceCapture#replay capture} (SQLite:
   * the rows go back into the change log, so capture reads each as it is now and apply writes it
   * through the current catalog). Replays of a kind that cannot replay (PostgreSQL) are refused.
   */
  private void replayRejects() {
    List<ReplayRepository.Request> pending;
    try {
      pending = replays.pending(config.replayDelay());
    } catch (RuntimeException e) {
      LOG.warnf("Failed to read requested replays: %s", e.getMessage());
      return;
    }
    for (ReplayRepository.Request request : pending) {
      CaptureEngine engine = running.get(request.migration() + "/" + request.source());
      if (engine == null) {
        continue; // replayed once its capture runs
      }
      CapturedSource source = engine.source();
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

  /**
   * Records what each running capture holds back in its source (a PostgreSQL slot's WAL) in the
   * control schema.
   */
  private void recordSlotLag() {
    for (CaptureEngine engine : running.values()) {
      CapturedSource source = engine.source();
      try {
        Optional<CaptureLag> lag = captures.of(source.kind()).lag(source);
        if (lag.isPresent()) {
          repository.recordSlotLag(
              source.migration(), source.source(), lag.get().lagBytes(), lag.get().retainedBytes());
          slotLags.put(source.id(), lag.get());
        }
      } catch (SQLException | RuntimeException e) {
        LOG.warnf("Failed to read the replication slot lag of %s: %s", source.id(), e.getMessage());
      }
    }
  }

  /**
   * Looks, in the database of each running capture, for Tributary's slots no active migration uses
   * (they hold WAL back for ever): kept for {@link #straySlots}, each logged once.
   */
  private void findStraySlots(ActiveSources active) {
    List<CapturedSource> all = new ArrayList<>(active.capture());
    active.paused().values().forEach(p -> all.add(p.source()));
    Map<String, List<StraySlot>> found = new TreeMap<>();
    for (CaptureEngine engine : running.values()) {
      CapturedSource source = engine.source();
      try {
        List<StraySlot> strays = captures.of(source.kind()).straySlots(source, all);
        if (!strays.isEmpty()) {
          found.put(source.id(), strays);
          for (StraySlot stray : strays) {
            if (reportedStrays.add(stray.slot())) {
              LOG.warnf(
                  "Replication slot %s in the database of %s (%s) is named as Tributary names"
                      + " its slots, but no active migration uses it; it holds %d bytes of WAL."
                      + " If no other deployment owns it, drop it there: %s",
                  stray.slot(),
                  source.id(),
                  source.displayLocation(),
                  stray.retainedBytes(),
                  stray.drop());
            }
          }
        }
      } catch (SQLException | RuntimeException e) {
        LOG.debugf("Failed to list the replication slots of %s: %s", source.id(), e.getMessage());
      }
    }
    straySlots = found;
  }

  /** Per running capture (id), the stray slots found in its database at the last look. */
  public Map<String, List<StraySlot>> straySlots() {
    return straySlots;
  }

  /** The last slot state read of each running PostgreSQL capture. */
  public Map<String, CaptureLag> slotLags() {
    Map<String, CaptureLag> out = new HashMap<>(slotLags);
    out.keySet().retainAll(running.keySet());
    return out;
  }

  /** After its engine stopped: removes a source's change capture unless still active. */
  private void removeCaptureIfEnded(CapturedSource source) {
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
   * all of them again on a full sweep (sources that could not be reached before).
   */
  private void removeCaptureOfEndedSources(boolean full) {
    List<SourceState> ended;
    try {
      ended = repository.endedSources(captures.kinds());
    } catch (RuntimeException e) {
      LOG.warnf("Failed to list sources of ended migrations: %s", e.getMessage());
      return;
    }
    for (SourceState source : ended) {
      if (running.containsKey(source.id())) {
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
    offsetEraser.erase(source.migration(), source.source());
    repository.captureRemoved(source.migration(), source.source());
  }

  private void uninstall(SourceState source) {
    try {
      String message = captures.of(source.kind()).uninstall(source).message();
      removed(source);
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
   * Removes a source's change capture, stopping its engine first if one still runs: from a SQLite
   * file its triggers and change log, from a PostgreSQL database its slot and publication (and the
   * replica identities Tributary set). The caller checks that the migration is no longer active.
   *
   * @return what was removed, as its kind's {@link SourceCapture#uninstall} reports it
   * @throws SQLException when the source cannot be changed (a SQLite file locked by the application
   *     too long or not writable, a PostgreSQL source unreachable or refusing)
   */
  public synchronized Object removeCapture(SourceState source) throws SQLException {
    CaptureEngine engine = running.remove(source.id());
    if (engine != null) {
      LOG.infof("Stopping the capture of %s before removing its change capture", source.id());
      engine.stop();
    }
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

  private void start(CapturedSource source) {
    try {
      List<String> needed = new ArrayList<>(source.topics());
      needed.add(config.progressTopic());
      topics.ensure(needed, config.topicPartitions(), config.topicReplicationFactor());
      SourceCapture.EngineSetup setup =
          captures.of(source.kind()).prepare(source, new RecordingListener(source));
      CaptureEngine engine = new CaptureEngine(source);
      engine.start(
          kafka.settings(),
          config,
          setup.connector(),
          new RecordPublisher(
              kafka.producer(),
              setup.translator(),
              setup.acknowledgeable(),
              metrics.of(source),
              config.maxRecordBytes()));
      running.put(source.id(), engine);
      unconfirmed.add(source.id());
      failedAt.remove(source.id());
    } catch (SQLException | RuntimeException e) {
      failedAt.put(source.id(), Instant.now());
      LOG.errorf(e, "Failed to start capture of %s: %s", source.id(), e.getMessage());
      recordFailure(source, "cannot start: " + CaptureFailures.describe(e));
    }
  }

  /** Records where the operator looks that a source's capture fails, and why. */
  private void recordFailure(CapturedSource source, String error) {
    try {
      repository.captureFailed(source.migration(), source.source(), error);
      unconfirmed.add(source.id());
    } catch (RuntimeException e) {
      LOG.warnf("Failed to record the capture error of %s: %s", source.id(), e.getMessage());
    }
  }

  /** Clears a source's capture error: its capture has run without failing for a while. */
  private void recordRecovery(CapturedSource source) {
    try {
      if (repository.captureRecovered(source.migration(), source.source())) {
        LOG.infof("Capture of %s runs again: its error is cleared", source.id());
      }
      unconfirmed.remove(source.id());
    } catch (RuntimeException e) {
      LOG.warnf("Failed to clear the capture error of %s: %s", source.id(), e.getMessage());
    }
  }

  /** Records a capture's snapshot progress and fences in the control schema. */
  private final class RecordingListener implements CaptureListener {
    private final CapturedSource source;

    RecordingListener(CapturedSource source) {
      this.source = source;
    }

    @Override
    public void tableComplete(TableDef table, long rows) {
      if (!repository.markSnapshotComplete(
          source.migration(), source.source(), table.sourceSchema(), table.sourceTable(), rows)) {
        return; // completed in an earlier run
      }
      LOG.infof(
          "Snapshot of %s/%s delivered to Kafka: %d rows",
          source.migration(), table.qualifiedSourceName(), rows);
    }

    @Override
    public void fencePublished(long fence, Map<String, Map<Integer, Long>> offsets) {
      try {
        repository.fencePublished(fence, ChangeEventCodec.MAPPER.writeValueAsString(offsets));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
      LOG.infof("Fence %d of %s published on %d topics", fence, source.id(), offsets.size());
    }

    @Override
    public long nextGeneration() {
      return repository.nextSnapshotGeneration(source.migration(), source.source());
    }
  }

  /** Where the changes of a stopped capture wait, for logs. */
  private String waitingPlace(CapturedSource source) {
    return captures
        .find(source.kind())
        .map(c -> c.waitingPlace(source))
        .orElse(source.displayLocation());
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

  void onStop(@Observes ShutdownEvent event) {
    shuttingDown = true;
    // stopped, then given up: another instance takes the sources over at once, not at expiry
    for (CaptureEngine engine : running.values()) {
      engine.stop();
      release(engine.source());
    }
    running.clear();
  }

  private void release(CapturedSource source) {
    leases.release(source.migration(), source.source());
  }
}
