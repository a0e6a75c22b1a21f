package io.tributary.capture.connect;

import io.tributary.capture.CaptureControl.SourceRow;
import io.tributary.capture.FenceRelay;
import io.tributary.capture.LeaseKeeper;
import io.tributary.capture.LeaseRecords.Lease;
import io.tributary.capture.TopicEnsurer;
import io.tributary.capture.connect.CaptureLauncher.Launched;
import io.tributary.capture.connect.PublishedRecords.Done;
import io.tributary.common.control.MigrationState;
import io.tributary.source.spi.SourceKinds;
import io.tributary.source.spi.capture.CaptureContext;
import io.tributary.source.spi.capture.SourceCapture;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The capture connector's task as a Kafka Connect worker runs it, complete on its own: what
 * cdc-service does around its embedded engines is done here, with the same capture host. It reads
 * the source from the control schema, captures it only while it holds the source's capture lease
 * (so a cdc-service, or another task, captures it when this one stops), runs the connector task of
 * the source's kind ({@link SourceCapture#prepare}, the kinds found by {@link SourceKinds}) and
 * passes its records through the kind's translator: once Kafka acknowledged them ({@link
 * #commitRecord}), the snapshot's completion and the fences' marker offsets are recorded in the
 * control schema. Fences a cutover asks for are written into the source. A paused migration is not
 * captured; once the migration ended (cut over, failed, abandoned) the change capture is removed
 * from the source and the task idles.
 *
 * <p>The worker must publish the records as they are: the connector sets {@code
 * key.converter=StringConverter} and {@code value.converter}/{@code header.converter=
 * ByteArrayConverter} in its configuration.
 */
public class ConnectCaptureTask extends SourceTask {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectCaptureTask.class);
  private static final long IDLE_MILLIS = 200;

  private ConnectCaptureConfig config;
  private TaskResources resources;
  private LeaseKeeper leases;
  private FenceRelay fences;
  private CaptureLauncher launcher;
  private final PublishedRecords published = new PublishedRecords();
  private ProgressRecorder progress;

  /** The running capture; null while standing by, paused or ended (read by the ack thread). */
  private volatile Launched capture;

  private final List<ScheduledFuture<?>> captureTimers = new ArrayList<>();
  private long nextAcquire;
  private long nextStateCheck;
  private String standingBy;
  private boolean ended;
  private volatile boolean stopping;

  @Override
  public String version() {
    String version = ConnectCaptureTask.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  @Override
  public void start(Map<String, String> props) {
    this.config = new ConnectCaptureConfig(props);
    this.resources =
        new TaskResources(config, props, props.getOrDefault("name", "tributary-sqlite"));
    this.leases = resources.leases();
    this.fences = new FenceRelay(resources.control());
    this.progress = new ProgressRecorder(sourceId());
    CaptureContext context = resources.context();
    List<SourceCapture> captures = SourceKinds.load().offering(kind -> kind.capture(context));
    this.launcher =
        new CaptureLauncher(
            config,
            props,
            captures,
            context,
            resources.records(),
            new TopicEnsurer(resources::admin, TaskResources.MAX_RECORD_BYTES));
    LOG.info(
        "Connector task for {} started as lease holder '{}' (control schema {})",
        sourceId(),
        leases.holder(),
        config.controlUrl());
  }

  @Override
  public List<SourceRecord> poll() throws InterruptedException {
    if (ended) {
      Thread.sleep(config.statePollMs());
      return null;
    }
    long now = System.nanoTime();
    if (capture == null) {
      if (now - nextAcquire < 0 || !startCapture()) {
        Thread.sleep(IDLE_MILLIS);
        return null;
      }
      now = System.nanoTime();
    }
    if (!leases.holds(sourceId())) {
      LOG.warn(
          "Capture of {} stops: its lease could not be renewed in time (another runner takes it"
              + " over once it expires)",
          sourceId());
      stopCapture(false);
      return null;
    }
    if (now - nextStateCheck >= 0) {
      nextStateCheck = now + TimeUnit.MILLISECONDS.toNanos(config.statePollMs());
      Optional<SourceRow> row = resources.control().source(config.migration(), config.source());
      if (row.isEmpty() || ended(row.get().state())) {
        end(row);
        return null;
      }
      if (row.get().paused()) {
        LOG.info(
            "Migration {} is paused: capture of {} stops; changes wait in {}",
            config.migration(),
            sourceId(),
            capture.capture().waitingPlace(capture.source()));
        stopCapture(true);
        return null;
      }
    }
    Launched running = capture;
    List<SourceRecord> records = running.task().poll();
    if (records == null || records.isEmpty()) {
      return records;
    }
    List<SourceRecord> out = new ArrayList<>(records.size());
    for (SourceRecord record : records) {
      published.translate(running.translator(), record, out);
    }
    return out;
  }

  /** Kafka acknowledged a record: once all of a translation's are, its bookkeeping runs. */
  @Override
  public void commitRecord(SourceRecord record, RecordMetadata metadata) {
    Done done = published.acknowledged(record, metadata);
    if (done != null) {
      resources.bookkeeping().execute(() -> progress.record(done, () -> stopping, () -> capture));
    }
  }

  @Override
  public void stop() {
    stopping = true;
    stopCapture(true);
    if (resources != null) {
      resources.close();
    }
  }

  private String sourceId() {
    return config.migration() + "/" + config.source();
  }

  /** Starts capturing when the migration captures and this task takes the lease. */
  private boolean startCapture() {
    nextAcquire = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.leaseRenewMs());
    Optional<SourceRow> found = resources.control().source(config.migration(), config.source());
    if (found.isEmpty() || ended(found.get().state())) {
      end(found);
      return false;
    }
    SourceRow row = found.get();
    var source = launcher.source(row);
    if (!MigrationState.valueOf(row.state()).isCapturing() || row.paused()) {
      standBy("migration " + config.migration() + " is " + (row.paused() ? "paused" : row.state()));
      return false;
    }
    Optional<Lease> lease = leases.acquire(config.migration(), config.source());
    if (lease.isEmpty()) {
      return false;
    }
    if (!leases.holder().equals(lease.get().holder())) {
      standBy(
          "its capture is held by '"
              + lease.get().holder()
              + "' (lease until "
              + Instant.ofEpochMilli(lease.get().expires())
              + ")");
      return false;
    }
    standingBy = null;
    capture = launcher.launch(source, context);
    // setting up (topics, the source's change capture) may take seconds on a loaded worker: the
    // lease is renewed now, so the capture does not start with a lease about to be given up
    leases.renew();
    captureTimers.add(
        resources
            .timers()
            .scheduleWithFixedDelay(
                leases::renew,
                config.leaseRenewMs(),
                config.leaseRenewMs(),
                TimeUnit.MILLISECONDS));
    captureTimers.add(
        resources
            .timers()
            .scheduleWithFixedDelay(
                this::writeFences, 0, config.fencePollMs(), TimeUnit.MILLISECONDS));
    LOG.info(
        "Capture of {} ({}) started on this worker: {} tables",
        sourceId(),
        source.displayLocation(),
        source.topics().size());
    return true;
  }

  private void standBy(String why) {
    if (!why.equals(standingBy)) {
      standingBy = why;
      LOG.info("Capture of {} does not run here: {}", sourceId(), why);
    }
  }

  /** Stops the running capture; gives the lease up when asked (not when it was lost). */
  private void stopCapture(boolean release) {
    captureTimers.forEach(t -> t.cancel(false));
    captureTimers.clear();
    Launched running = capture;
    if (running != null) {
      running.task().stop();
      capture = null;
      published.clear();
      if (release) {
        leases.release(config.migration(), config.source());
      }
    }
    nextAcquire = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.leaseRenewMs());
  }

  /**
   * The migration ended (or is gone): capture stops, the source's change capture is removed (as
   * cdc-service removes it), and the task idles until the connector is deleted.
   */
  private void end(Optional<SourceRow> row) {
    boolean wasCapturing = capture != null;
    stopCapture(false);
    ended = true;
    String state = row.map(SourceRow::state).orElse("DELETED");
    if (row.isPresent()) {
      new EndedCaptureRemoval(config, launcher, leases, resources.removal())
          .remove(row.get(), wasCapturing);
    }
    LOG.info(
        "Migration {} is {}: this connector has nothing more to capture; delete it",
        config.migration(),
        state);
  }

  /** Writes the fences a cutover asked for into the source. */
  private void writeFences() {
    Launched running = capture;
    if (stopping || running == null) {
      return;
    }
    try {
      var pending = resources.control().pendingFences(config.migration(), config.source());
      fences.writeAll(pending, running.source(), running.capture());
    } catch (SQLException | RuntimeException e) {
      LOG.warn("Writing fences of {} failed (retrying): {}", sourceId(), e.getMessage());
    }
  }

  private static boolean ended(String state) {
    MigrationState s = MigrationState.valueOf(state);
    return !s.isActive() && s != MigrationState.PLANNED;
  }
}
