package io.tributary.cdc.apply;

import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.tributary.cdc.kafka.KafkaClients;
import io.tributary.controlgate.ControlSchemaGate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * The apply consumer: polls every table topic, turns each poll into one target transaction (see
 * {@link BatchWriter}) and keeps its position in the control schema only. Transactions are written
 * one at a time, in poll order, on a writer thread; the consumer's thread polls and decodes the
 * next batch meanwhile, and drops it when the batch before was not committed (it rewinds to the
 * stored positions and polls those records again). On partition assignment it seeks to the stored
 * positions; Kafka's own committed offsets are updated after each commit for visibility only and
 * never read.
 */
@ApplicationScoped
public class ApplyLoop {
  private static final Logger LOG = Logger.getLogger(ApplyLoop.class);

  /** How long a poll waits for more records while the batch before is being written. */
  private static final Duration IN_FLIGHT_POLL = Duration.ofMillis(20);

  private final ApplyConfig config;
  private final KafkaClients kafka;
  private final TableCatalog catalog;
  private final RejectPublisher rejectPublisher;
  private final RecordDecoder decoder;
  private final StoredPositions positions;
  private final BatchRetries retries;
  private final LoadedSnapshotKeys snapshotKeys;
  private final ChangeGate gate;
  private final BatchAccumulator accumulator;
  private final ApplyHealth health = new ApplyHealth();
  private final AtomicLong appliedRecords = new AtomicLong();
  private final AtomicLong rejectedRecords = new AtomicLong();
  private volatile KafkaConsumer<String, byte[]> consumer;
  private volatile boolean running;
  private Thread thread;
  private final ExecutorService writerThread =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "apply-writer");
            t.setDaemon(true);
            return t;
          });

  private final ControlSchemaGate controlSchema;
  private final ApplyMetrics metrics;

  public ApplyLoop(
      ApplyConfig config,
      KafkaClients kafka,
      TableCatalog catalog,
      BatchWriter writer,
      StoredOffsets offsets,
      RejectPublisher rejectPublisher,
      ControlSchemaGate controlSchema,
      ApplyErrors errors,
      ApplyMetrics metrics,
      TargetJdbc jdbc) {
    this.metrics = metrics;
    this.controlSchema = controlSchema;
    this.config = config;
    this.kafka = kafka;
    this.catalog = catalog;
    this.rejectPublisher = rejectPublisher;
    this.decoder = new RecordDecoder(catalog::find);
    this.positions = new StoredPositions(offsets, decoder);
    this.retries = new BatchRetries(config, writer, errors, health);
    this.accumulator = new BatchAccumulator(config);
    this.snapshotKeys =
        new LoadedSnapshotKeys(
            catalog,
            offsets,
            writer,
            errors,
            health,
            writerThread,
            new KeyBuildThreads(config.keyBuildThreads(), jdbc));
    this.gate = new ChangeGate(catalog);
  }

  void onStart(@Observes StartupEvent event) {
    if (!config.enabled()) {
      LOG.info("Apply is disabled on this instance (tributary.apply.enabled=false)");
      return;
    }
    running = true;
    thread = new Thread(this::run, "apply-loop");
    thread.setDaemon(true);
    thread.start();
  }

  void onStop(@Observes ShutdownEvent event) {
    running = false;
    KafkaConsumer<String, byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    if (thread != null) {
      try {
        thread.join(Duration.ofSeconds(30).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    writerThread.shutdownNow();
    snapshotKeys.stop();
  }

  private void run() {
    Properties props = ApplyConsumerProperties.of(config, kafka.settings().consumer());
    InFlight inFlight = null;
    while (running) {
      try (KafkaConsumer<String, byte[]> c =
              new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
          KafkaClientMetrics clientMetrics = metrics.kafkaClient(c)) {
        consumer = c;
        Set<String> subscribed = Set.of();
        long nextRefresh = 0;
        while (running) {
          if (!controlSchema.ready()) {
            pause(config.catalogRefresh().toMillis()); // nothing to read before the schema exists
            continue;
          }
          if (snapshotKeys.anyBuilt()) {
            // a table's key was built: its changes flow now, not at the next refresh
            nextRefresh = System.nanoTime();
          }
          if (System.nanoTime() - nextRefresh >= 0) {
            if (inFlight != null) { // a new subscription seeks to stored positions: write first
              complete(c, inFlight);
              inFlight = null;
            }
            subscribed = resubscribe(c, subscribed);
            snapshotKeys.build(c);
            gate.apply(c);
            nextRefresh = System.nanoTime() + config.catalogRefresh().toNanos();
          }
          if (subscribed.isEmpty()) {
            pause(config.catalogRefresh().toMillis());
            continue;
          }
          // While a batch is written, the next one is polled and decoded; a short poll then,
          // so an idle topic does not hold back the written batch's bookkeeping; and while a key
          // is built, so that its table's changes flow as soon as it is.
          ConsumerRecords<String, byte[]> records =
              accumulator.poll(
                  c,
                  inFlight == null && !snapshotKeys.anyBuilding()
                      ? config.pollTimeout()
                      : IN_FLIGHT_POLL);
          DecodedBatch next = records.isEmpty() ? null : decoder.decode(records);
          if (inFlight != null) {
            boolean keep = complete(c, inFlight);
            boolean ended = !inFlight.batch().snapshot().ends().isEmpty();
            inFlight = null;
            if (!keep) {
              gate.apply(c); // a table found not loaded waits again
              continue; // rewound to the stored positions: these records come again
            }
            if (ended) {
              // a table's snapshot is applied: its key is built and its changes let through now,
              // not at the next refresh
              nextRefresh = System.nanoTime();
            }
          }
          if (next != null) {
            inFlight =
                new InFlight(
                    next,
                    ApplyMetrics.oldestPerTopic(records),
                    writerThread.submit(() -> retries.write(next)));
          }
        }
      } catch (WakeupException e) {
        // shutting down
      } catch (RuntimeException e) {
        health.unhealthy();
        health.error(e.getMessage());
        LOG.errorf(e, "Apply consumer failed; restarting it");
      } catch (Error e) {
        // out of memory or worse: apply stops here and the health check says so (the local
        // runtime starts the service with -XX:+ExitOnOutOfMemoryError, so it exits instead)
        health.unhealthy();
        running = false;
        health.error("apply stopped: " + e);
        LOG.fatalf(e, "Apply stopped: %s", e);
        throw e;
      } finally {
        consumer = null;
        awaitQuietly(inFlight); // its transaction ends before another consumer reads positions
        inFlight = null;
      }
      if (running && !health.isHealthy()) {
        try {
          TimeUnit.MILLISECONDS.sleep(config.retryBackoff().toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /**
   * Subscribes to the topics of the tables recorded in this target's control schema. Only those:
   * records of a migration recorded elsewhere are neither applied nor acknowledged here, and a
   * migration's topics are read only once its catalog is committed.
   */
  private Set<String> resubscribe(KafkaConsumer<String, byte[]> c, Set<String> subscribed) {
    catalog.reload();
    Set<String> topics = new TreeSet<>(catalog.topics());
    Set<String> snapshots = catalog.snapshotTopics();
    topics.addAll(snapshots);
    if (!topics.equals(subscribed)) {
      if (topics.isEmpty()) {
        c.unsubscribe();
      } else {
        c.subscribe(topics, gate.around(c, positions.onAssignment(c)));
      }
      LOG.infof(
          "Apply consumer (group %s) subscribed to %d table topics and %d snapshot topics",
          config.groupId(), topics.size() - snapshots.size(), snapshots.size());
    }
    return topics;
  }

  /**
   * Waits for a batch's write and does what follows on the consumer's thread: Kafka's committed
   * offsets (for visibility), counters, rejects published; or, when the batch was not committed, a
   * rewind to the stored positions. Returns false after a rewind: records polled since must not be
   * written.
   */
  private boolean complete(KafkaConsumer<String, byte[]> c, InFlight inFlight) {
    WriteResult result;
    try {
      result = inFlight.result().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WakeupException();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e.getCause() instanceof RuntimeException runtime
          ? runtime
          : new IllegalStateException(e.getCause());
    }
    DecodedBatch batch = inFlight.batch();
    if (!result.committed()) {
      positions.seek(c, c.assignment());
      return false;
    }
    appliedRecords.addAndGet(batch.count());
    metrics.committed(result.written(), result.copied(), result.rejects());
    metrics.latency(inFlight.oldest(), catalog::known, System.currentTimeMillis());
    if (!result.rejects().isEmpty()) {
      rejectedRecords.addAndGet(result.rejects().size());
      rejectPublisher.publish(result.rejects());
    }
    Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
    batch.next().forEach((tp, offset) -> commit.put(tp, new OffsetAndMetadata(offset)));
    c.commitAsync(commit, null);
    LOG.debugf("Applied %d records (%d rejected)", batch.count(), result.rejects().size());
    return true;
  }

  /** Waits until a write in flight ended, whatever its result (the consumer is going away). */
  private static void awaitQuietly(InFlight inFlight) {
    if (inFlight == null) {
      return;
    }
    try {
      inFlight.result().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      LOG.debugf("The last batch's write failed while the consumer closed: %s", e.getCause());
    }
  }

  private void pause(long millis) {
    // The consumer keeps its group membership across this wait: max.poll.interval.ms is an hour.
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WakeupException();
    }
  }

  /**
   * A batch whose write runs on the writer thread.
   *
   * @param oldest per topic, the Kafka timestamp of the batch's oldest record (epoch ms)
   */
  private record InFlight(
      DecodedBatch batch, Map<String, Long> oldest, Future<WriteResult> result) {}

  /** Records committed to the target (applied or rejected) since start. */
  public long appliedRecords() {
    return appliedRecords.get();
  }

  public long rejectedRecords() {
    return rejectedRecords.get();
  }

  /**
   * False only once the apply thread died (an {@link Error}): nothing but a restart of the process
   * brings it back. A target that is down is not that ({@link #healthy}).
   */
  public boolean alive() {
    return !running || (thread != null && thread.isAlive());
  }

  /** False after a batch failed every retry, until a batch commits again. */
  public boolean healthy() {
    return health.isHealthy();
  }

  public String lastError() {
    return health.lastError();
  }
}
