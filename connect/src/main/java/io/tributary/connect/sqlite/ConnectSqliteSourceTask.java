package io.tributary.connect.sqlite;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.control.CaptureNames;
import io.tributary.common.control.LeaseHolders;
import io.tributary.common.control.MigrationState;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.source.spi.capture.FenceMarkers;
import io.tributary.source.spi.capture.RecordTranslator.Translation;
import io.tributary.source.sqlite.capture.SqliteCaptureInstaller;
import io.tributary.source.sqlite.capture.SqliteConnectorConfig;
import io.tributary.source.sqlite.capture.SqliteRecordTranslator;
import io.tributary.source.sqlite.capture.SqliteSourceProperties;
import io.tributary.source.sqlite.capture.SqliteSourceTask;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQLite connector's task as a Kafka Connect worker runs it, complete on its own: what
 * cdc-service does around its embedded engine is done here. It reads the source from the control
 * schema, captures it only while it holds the source's capture lease (so a cdc-service, or another
 * task, captures it when this one stops), runs {@link SqliteSourceTask} with the file, tables and
 * resyncs recorded there, and passes its records through {@link SqliteRecordTranslator}: the
 * snapshot generation on every record, reset and fence markers on every partition of the source's
 * topics, and, once Kafka acknowledged them ({@link #commitRecord}), the snapshot's completion and
 * the fences' marker offsets recorded in the control schema. Fences a cutover asks for are written
 * into the file's change log. A paused migration is not captured; once the migration ended (cut
 * over, failed, abandoned) the change capture is removed from the file and the task idles.
 *
 * <p>The worker must publish the records as they are: the connector sets {@code
 * key.converter=StringConverter} and {@code value.converter}/{@code header.converter=
 * ByteArrayConverter} in its configuration ({@link ConnectSqliteSourceConnector}).
 */
public class ConnectSqliteSourceTask extends SourceTask {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectSqliteSourceTask.class);
  private static final long IDLE_MILLIS = 200;

  private ConnectSqliteConfig config;
  private Map<String, String> props;
  private ControlSchemaClient control;
  private Admin admin;
  private String holder;
  private ScheduledExecutorService timers;
  private ExecutorService bookkeeping;

  private final Map<String, Integer> partitions = new ConcurrentHashMap<>();
  private final Map<SourceRecord, Acknowledgement> outstanding =
      Collections.synchronizedMap(new IdentityHashMap<>());

  /** The running capture; null while standing by, paused or ended (read by the ack thread). */
  private volatile SqliteSourceTask capture;

  private SqliteRecordTranslator translator;
  private SqliteCaptureInstaller installer;
  private final List<ScheduledFuture<?>> captureTimers = new ArrayList<>();
  private volatile long leaseUntilNanos;
  private volatile boolean leaseLost;
  private long nextAcquire;
  private long nextStateCheck;
  private String standingBy;
  private boolean ended;
  private volatile boolean stopping;

  @Override
  public String version() {
    return SqliteSourceTask.class.getPackage().getImplementationVersion() == null
        ? "dev"
        : SqliteSourceTask.class.getPackage().getImplementationVersion();
  }

  @Override
  public void start(Map<String, String> props) {
    this.config = new ConnectSqliteConfig(props);
    this.props = Map.copyOf(props);
    this.control =
        new ControlSchemaClient(
            config.controlUrl(),
            config.controlUser(),
            config.controlPassword(),
            config.migration(),
            config.source());
    Properties adminProps = new Properties();
    adminProps.putAll(config.kafka());
    adminProps.put(AdminClientConfig.CLIENT_ID_CONFIG, "tributary-connect-" + sourceId());
    this.admin = Admin.create(adminProps);
    this.holder =
        "connect:"
            + LeaseHolders.host("worker")
            + "/"
            + props.getOrDefault("name", "tributary-sqlite");
    this.timers =
        // two threads: a fence write waiting for the file's lock does not hold up the lease's
        // renewal
        Executors.newScheduledThreadPool(
            2, r -> daemon(r, "tributary-connect-timers-" + sourceId()));
    this.bookkeeping =
        Executors.newSingleThreadExecutor(r -> daemon(r, "tributary-connect-acks-" + sourceId()));
    LOG.info(
        "Connector task for {} started as lease holder '{}' (control schema {})",
        sourceId(),
        holder,
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
    if (leaseLost || now > leaseUntilNanos - TimeUnit.MILLISECONDS.toNanos(config.leaseRenewMs())) {
      LOG.warn(
          "Capture of {} stops: its lease could not be renewed in time (another runner takes it"
              + " over once it expires)",
          sourceId());
      stopCapture(false);
      return null;
    }
    if (now - nextStateCheck >= 0) {
      nextStateCheck = now + TimeUnit.MILLISECONDS.toNanos(config.statePollMs());
      Optional<ControlSchemaClient.SourceRow> row = control.source();
      if (row.isEmpty() || ended(row.get().state())) {
        end(row);
        return null;
      }
      if (row.get().paused()) {
        LOG.info(
            "Migration {} is paused: capture of {} stops; changes wait in the file's change log",
            config.migration(),
            sourceId());
        stopCapture(true);
        return null;
      }
    }
    List<SourceRecord> records = capture.poll();
    if (records == null || records.isEmpty()) {
      return records;
    }
    List<SourceRecord> out = new ArrayList<>(records.size());
    for (SourceRecord record : records) {
      translate(record, out);
    }
    return out;
  }

  /** Kafka acknowledged a record: once all of a translation's are, its bookkeeping runs. */
  @Override
  public void commitRecord(SourceRecord record, RecordMetadata metadata) {
    Acknowledgement ack = outstanding.remove(record);
    if (ack == null) {
      return;
    }
    List<RecordMetadata> all = ack.acknowledged(record, metadata);
    if (all != null) {
      bookkeeping.execute(() -> complete(ack, all));
    }
  }

  @Override
  public void stop() {
    stopping = true;
    stopCapture(true);
    if (timers != null) {
      timers.shutdownNow();
    }
    if (bookkeeping != null) {
      bookkeeping.shutdown();
      try {
        bookkeeping.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (admin != null) {
      admin.close(Duration.ofSeconds(5));
    }
    if (control != null) {
      control.close();
    }
  }

  private String sourceId() {
    return config.migration() + "/" + config.source();
  }

  /** Starts capturing when the migration captures and this task takes the lease. */
  private boolean startCapture() {
    nextAcquire = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.leaseRenewMs());
    Optional<ControlSchemaClient.SourceRow> found = control.source();
    if (found.isEmpty() || ended(found.get().state())) {
      end(found);
      return false;
    }
    ControlSchemaClient.SourceRow row = found.get();
    if (!"sqlite".equals(row.kind())) {
      throw new ConnectException(
          "source "
              + sourceId()
              + " is of kind "
              + row.kind()
              + "; this connector captures sqlite sources");
    }
    if (!MigrationState.valueOf(row.state()).isCapturing() || row.paused()) {
      standBy("migration " + config.migration() + " is " + (row.paused() ? "paused" : row.state()));
      return false;
    }
    long asked = System.nanoTime();
    Optional<ControlSchemaClient.Lease> lease = control.acquire(holder, config.leaseDurationMs());
    if (lease.isEmpty()) {
      return false;
    }
    if (!holder.equals(lease.get().holder())) {
      standBy(
          "its capture is held by '"
              + lease.get().holder()
              + "' (lease until "
              + Instant.ofEpochMilli(lease.get().expires())
              + ")");
      return false;
    }
    leaseUntilNanos = asked + TimeUnit.MILLISECONDS.toNanos(config.leaseDurationMs());
    leaseLost = false;
    standingBy = null;
    List<TableDef> tables = tables(row.tablesJson());
    Map<String, String> captureProps =
        new HashMap<>(
            SqliteSourceProperties.of(
                config.migration(),
                config.source(),
                row.location(),
                row.targetSchema(),
                row.tablesJson(),
                row.resyncs(),
                row.streamOnly()));
    // the capture settings set on this connector (snapshot.fetch.size, poll.interval.ms, ...)
    for (String key : SqliteConnectorConfig.DEFINITION.names()) {
      if (props.containsKey(key) && !captureProps.containsKey(key)) {
        captureProps.put(key, props.get(key));
      }
    }
    SqliteConnectorConfig captureConfig = new SqliteConnectorConfig(captureProps);
    List<String> topics = new ArrayList<>(tables.stream().map(TableDef::topic).toList());
    topics.add(captureConfig.progressTopic());
    ensureTopics(topics);
    installer = new SqliteCaptureInstaller(Path.of(row.location()), captureConfig.lockWait());
    translator =
        new SqliteRecordTranslator(
            captureConfig.progressTopic(),
            config.migration(),
            config.source(),
            tables,
            this::partitions,
            control);
    SqliteSourceTask task = new SqliteSourceTask();
    task.initialize(context);
    task.start(captureProps);
    capture = task;
    // setting up (topics, the file's change capture) may take seconds on a loaded worker: the
    // lease is renewed now, so the capture does not start with a lease about to be given up
    renewLease();
    captureTimers.add(
        timers.scheduleWithFixedDelay(
            this::renewLease, config.leaseRenewMs(), config.leaseRenewMs(), TimeUnit.MILLISECONDS));
    captureTimers.add(
        timers.scheduleWithFixedDelay(
            this::writeFences, 0, config.fencePollMs(), TimeUnit.MILLISECONDS));
    LOG.info(
        "Capture of {} ({}) started on this worker: {} tables",
        sourceId(),
        row.location(),
        tables.size());
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
    if (capture != null) {
      capture.stop();
      capture = null;
      outstanding.clear();
      if (release && !leaseLost) {
        try {
          control.release(holder);
        } catch (RuntimeException e) {
          LOG.debug("Giving up the lease of {} failed (it expires): {}", sourceId(), e.toString());
        }
      }
    }
    nextAcquire = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.leaseRenewMs());
  }

  /**
   * The migration ended (or is gone): capture stops, the file's change capture is removed (as
   * cdc-service removes it), and the task idles until the connector is deleted.
   */
  private void end(Optional<ControlSchemaClient.SourceRow> row) {
    boolean wasCapturing = capture != null;
    stopCapture(false);
    ended = true;
    String state = row.map(ControlSchemaClient.SourceRow::state).orElse("DELETED");
    if (row.isPresent()) {
      // only the lease's holder removes it: a runner still capturing would install it again
      Optional<ControlSchemaClient.Lease> lease =
          wasCapturing
              ? Optional.of(new ControlSchemaClient.Lease(holder, 0))
              : control.acquire(holder, config.leaseDurationMs());
      if (lease.isPresent() && holder.equals(lease.get().holder())) {
        try {
          SqliteCaptureInstaller remover =
              new SqliteCaptureInstaller(Path.of(row.get().location()), Duration.ofSeconds(5));
          String removed =
              remover
                  .uninstall(CaptureNames.sqliteConsumer(config.migration(), config.source()))
                  .message();
          control.captureRemoved();
          LOG.info(
              "Migration {} is {}: removed the change capture of {}: {}",
              config.migration(),
              state,
              sourceId(),
              removed);
        } catch (SQLException | RuntimeException e) {
          LOG.error(
              "Migration {} is {}, but the change capture of {} could not be removed from {}: {}",
              config.migration(),
              state,
              sourceId(),
              row.get().location(),
              e.getMessage());
        } finally {
          control.release(holder);
        }
      }
    }
    LOG.info(
        "Migration {} is {}: this connector has nothing more to capture; delete it",
        config.migration(),
        state);
  }

  private void renewLease() {
    long asked = System.nanoTime();
    try {
      if (control.renew(holder, config.leaseDurationMs())) {
        leaseUntilNanos = asked + TimeUnit.MILLISECONDS.toNanos(config.leaseDurationMs());
      } else {
        leaseLost = true;
        LOG.warn("The capture lease of {} was taken by another runner", sourceId());
      }
    } catch (RuntimeException e) {
      LOG.warn("Renewing the capture lease of {} failed: {}", sourceId(), e.getMessage());
    }
  }

  /** Writes the fences a cutover asked for into the file's change log. */
  private void writeFences() {
    if (stopping || capture == null) {
      return;
    }
    try {
      for (long fence : control.pendingFences()) {
        String payload = FenceMarkers.payload(fence, config.migration(), config.source());
        String position =
            "change-log "
                + installer.emitFence(
                    CaptureNames.sqliteConsumer(config.migration(), config.source()), payload);
        control.fenceWritten(fence, position);
        LOG.info("Fence {} written into {} at {}", fence, sourceId(), position);
      }
    } catch (SQLException | RuntimeException e) {
      LOG.warn("Writing fences of {} failed (retrying): {}", sourceId(), e.getMessage());
    }
  }

  private void translate(SourceRecord record, List<SourceRecord> out) {
    Translation translation = translator.translate(record);
    List<ProducerRecord<String, byte[]>> produced = translation.records();
    if (produced.isEmpty()) {
      return; // nothing to publish; the next record's acknowledgement covers its position
    }
    Acknowledgement ack = new Acknowledgement(record, translation, produced.size());
    for (ProducerRecord<String, byte[]> p : produced) {
      ConnectHeaders headers = new ConnectHeaders();
      for (Header h : p.headers()) {
        headers.addBytes(h.key(), h.value());
      }
      SourceRecord published =
          new SourceRecord(
              record.sourcePartition(),
              record.sourceOffset(),
              p.topic(),
              p.partition(),
              Schema.OPTIONAL_STRING_SCHEMA,
              p.key(),
              Schema.OPTIONAL_BYTES_SCHEMA,
              p.value(),
              null,
              headers);
      ack.expect(published);
      outstanding.put(published, ack);
      out.add(published);
    }
  }

  /** Runs a translation's bookkeeping, retrying while the control schema does not answer. */
  private void complete(Acknowledgement ack, List<RecordMetadata> metadata) {
    while (!stopping) {
      try {
        ack.translation.onAcknowledged().accept(metadata);
        break;
      } catch (RuntimeException e) {
        LOG.warn("Recording progress of {} failed (retrying): {}", sourceId(), e.getMessage());
        try {
          Thread.sleep(1_000);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
    SqliteSourceTask task = capture;
    if (task != null) {
      // the change log may be trimmed up to the record's position
      task.commitRecord(ack.original, metadata.get(metadata.size() - 1));
    }
  }

  private int partitions(String topic) {
    return partitions.computeIfAbsent(
        topic,
        t -> {
          try {
            return admin
                .describeTopics(List.of(t))
                .allTopicNames()
                .get(30, TimeUnit.SECONDS)
                .get(t)
                .partitions()
                .size();
          } catch (Exception e) {
            throw new ConnectException("cannot count the partitions of " + t, e);
          }
        });
  }

  /** Creates the topics that do not exist yet (the worker's topic creation is not relied on). */
  private void ensureTopics(List<String> topics) {
    try {
      var existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (String topic : topics) {
        if (!existing.contains(topic)) {
          missing.add(
              new NewTopic(
                      topic,
                      config.topicPartitions() < 0
                          ? Optional.empty()
                          : Optional.of(config.topicPartitions()),
                      config.topicReplicationFactor() < 0
                          ? Optional.empty()
                          : Optional.of(config.topicReplicationFactor()))
                  .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "10485760")));
        }
      }
      for (var created : admin.createTopics(missing).values().entrySet()) {
        try {
          created.getValue().get(30, TimeUnit.SECONDS);
          LOG.info("Created topic {}", created.getKey());
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectException("interrupted while creating topics " + topics, e);
    } catch (Exception e) {
      throw new ConnectException("cannot create topics " + topics + ": " + e.getMessage(), e);
    }
  }

  private static List<TableDef> tables(String json) {
    try {
      return Arrays.asList(ChangeEventCodec.MAPPER.readValue(json, TableDef[].class));
    } catch (IOException e) {
      throw new ConnectException("the source's catalog cannot be read: " + e.getMessage(), e);
    }
  }

  private static boolean ended(String state) {
    MigrationState s = MigrationState.valueOf(state);
    return !s.isActive() && s != MigrationState.PLANNED;
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** The records one source record became, until Kafka acknowledged every one. */
  private static final class Acknowledgement {
    final SourceRecord original;
    final Translation translation;
    private final List<SourceRecord> expected;
    private final RecordMetadata[] metadata;
    private int missing;

    Acknowledgement(SourceRecord original, Translation translation, int count) {
      this.original = original;
      this.translation = translation;
      this.expected = new ArrayList<>(count);
      this.metadata = new RecordMetadata[count];
      this.missing = count;
    }

    void expect(SourceRecord published) {
      expected.add(published);
    }

    /** Records one acknowledgement; all of them, in order, once the last arrived, else null. */
    synchronized List<RecordMetadata> acknowledged(SourceRecord published, RecordMetadata meta) {
      for (int i = 0; i < expected.size(); i++) {
        if (expected.get(i) == published && metadata[i] == null) {
          metadata[i] = meta;
          missing--;
          break;
        }
      }
      return missing == 0 ? Arrays.asList(metadata) : null;
    }
  }
}
