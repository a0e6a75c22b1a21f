package io.tributary.cdc.apply;

import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.tributary.cdc.control.ControlSchemaGate;
import io.tributary.cdc.kafka.KafkaClients;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
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

  /** How long the end offsets of a table topic are waited for, before a key build. */
  private static final Duration KEY_CHECK_TIMEOUT = Duration.ofSeconds(5);

  /** How long a poll waits for more records while the batch before is being written. */
  private static final Duration IN_FLIGHT_POLL = Duration.ofMillis(20);

  private final ApplyConfig config;
  private final KafkaClients kafka;
  private final TableCatalog catalog;
  private final BatchWriter writer;
  private final StoredOffsets offsets;
  private final RejectPublisher rejectPublisher;
  private final RecordDecoder decoder;
  private final AtomicLong appliedRecords = new AtomicLong();
  private final AtomicLong rejectedRecords = new AtomicLong();
  private final AtomicReference<String> lastError = new AtomicReference<>();
  private volatile KafkaConsumer<String, byte[]> consumer;
  private volatile boolean running;
  private volatile boolean healthy = true;
  private Thread thread;
  private final ExecutorService writerThread =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "apply-writer");
            t.setDaemon(true);
            return t;
          });

  private final ControlSchemaGate controlSchema;
  private final ApplyErrors errors;
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
      ApplyMetrics metrics) {
    this.metrics = metrics;
    this.controlSchema = controlSchema;
    this.errors = errors;
    this.config = config;
    this.kafka = kafka;
    this.catalog = catalog;
    this.writer = writer;
    this.offsets = offsets;
    this.rejectPublisher = rejectPublisher;
    this.decoder = new RecordDecoder(catalog::find);
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
  }

  private void run() {
    Properties props = kafka.settings().consumer();
    props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxPollRecords());
    props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) config.sessionTimeout().toMillis());
    props.put(
        ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
        (int) Math.max(500, config.sessionTimeout().toMillis() / 3));
    props.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 2000);
    // between two polls apply may build the key of a large bulk-loaded table (minutes for hundreds
    // of millions of rows): a dead instance is noticed by its missing heartbeats (session timeout)
    props.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Duration.ofHours(1).toMillis());
    // capture creates the table topics with their partition count; a subscription must not create
    // them first with the broker's default
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    // one poll is decoded and written in one transaction: bound what it may hold
    props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, config.maxPollBytes());
    props.put(
        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
        Math.max(1024 * 1024, config.maxPollBytes() / 4));
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "tributary-apply");
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
          if (System.nanoTime() - nextRefresh >= 0) {
            if (inFlight != null) { // a new subscription seeks to stored positions: write first
              complete(c, inFlight);
              inFlight = null;
            }
            subscribed = resubscribe(c, subscribed);
            buildKeysOfLoadedSnapshots(c);
            nextRefresh = System.nanoTime() + config.catalogRefresh().toNanos();
          }
          if (subscribed.isEmpty()) {
            pause(config.catalogRefresh().toMillis());
            continue;
          }
          // While a batch is written, the next one is polled and decoded; a short poll then,
          // so an idle topic does not hold back the written batch's bookkeeping.
          ConsumerRecords<String, byte[]> records =
              c.poll(inFlight == null ? config.pollTimeout() : IN_FLIGHT_POLL);
          DecodedBatch next = records.isEmpty() ? null : decoder.decode(records);
          if (inFlight != null) {
            boolean keep = complete(c, inFlight);
            inFlight = null;
            if (!keep) {
              continue; // rewound to the stored positions: these records come again
            }
          }
          if (next != null) {
            inFlight =
                new InFlight(
                    next,
                    ApplyMetrics.oldestPerTopic(records),
                    writerThread.submit(() -> writeWithRetries(next)));
          }
        }
      } catch (WakeupException e) {
        // shutting down
      } catch (RuntimeException e) {
        healthy = false;
        lastError.set(e.getMessage());
        LOG.errorf(e, "Apply consumer failed; restarting it");
      } catch (Error e) {
        // out of memory or worse: apply stops here and the health check says so (the local
        // runtime starts the service with -XX:+ExitOnOutOfMemoryError, so it exits instead)
        healthy = false;
        running = false;
        lastError.set("apply stopped: " + e);
        LOG.fatalf(e, "Apply stopped: %s", e);
        throw e;
      } finally {
        consumer = null;
        awaitQuietly(inFlight); // its transaction ends before another consumer reads positions
        inFlight = null;
      }
      if (running && !healthy) {
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
    Set<String> topics = catalog.topics();
    if (!topics.equals(subscribed)) {
      if (topics.isEmpty()) {
        c.unsubscribe();
      } else {
        c.subscribe(topics, new SeekToStoredOffsets(c));
      }
      LOG.infof(
          "Apply consumer (group %s) subscribed to %d table topics",
          config.groupId(), topics.size());
    }
    return topics;
  }

  /**
   * Writes a batch on the writer thread, trying again with backoff on failures that are not about a
   * row (those are rejected inside the batch). Never touches the consumer.
   */
  private WriteResult writeWithRetries(DecodedBatch batch) {
    long backoff = config.retryBackoff().toMillis();
    for (int attempt = 1; ; attempt++) {
      try {
        BatchWriter.Written written = writer.write(batch);
        healthy = true;
        if (written.outcome() == BatchWriter.Outcome.STALE) {
          return WriteResult.FAILED;
        }
        errors.committed(batch.topics());
        return new WriteResult(true, written.rejects(), written.written());
      } catch (RuntimeException e) {
        lastError.set(e.getMessage());
        if (attempt >= config.retryAttempts()) {
          healthy = false;
          LOG.errorf(
              "Failed to apply a batch of %d records after %d attempts: %s; rewinding to the stored offsets",
              batch.count(), attempt, e.getMessage());
          errors.failing(
              batch.topics(),
              e.getMessage() + " (" + attempt + " attempts; apply tries again from its position)");
          return WriteResult.FAILED;
        }
        LOG.warnf(
            "Failed to apply a batch of %d records (attempt %d of %d): %s; retrying in %d ms",
            batch.count(), attempt, config.retryAttempts(), e.getMessage(), backoff);
        try {
          TimeUnit.MILLISECONDS.sleep(backoff);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt(); // shutting down
          return WriteResult.FAILED;
        }
        backoff = Math.min(backoff * 2, 30_000);
      }
    }
  }

  /**
   * Builds the keys of the bulk-loaded tables whose snapshot capture has delivered whole and apply
   * has written whole: every partition of the topic stored at or past its end offset, read after
   * the catalog said the snapshot was delivered (a table with changes gets its key from its first
   * change instead, {@link BatchWriter}). Runs on the writer thread, between batches.
   */
  private void buildKeysOfLoadedSnapshots(KafkaConsumer<String, byte[]> c) {
    for (AppliedTable table : catalog.awaitingKeys()) {
      String topic = table.definition().topic();
      try {
        List<TopicPartition> partitions = new ArrayList<>();
        c.partitionsFor(topic, KEY_CHECK_TIMEOUT)
            .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        if (partitions.isEmpty()) {
          continue;
        }
        Map<TopicPartition, Long> ends = c.endOffsets(partitions, KEY_CHECK_TIMEOUT);
        Map<TopicPartition, Long> stored = offsets.load(partitions);
        boolean written =
            partitions.stream().allMatch(tp -> stored.getOrDefault(tp, 0L) >= ends.get(tp));
        if (written) {
          writerThread.submit(() -> writer.buildKey(table)).get();
        }
      } catch (ExecutionException e) {
        if (e.getCause() instanceof KeyBuilder.Waiting waiting) {
          LOG.infof("%s; apply tries again at the next catalog refresh", waiting.getMessage());
          continue;
        }
        lastError.set(e.getCause().getMessage());
        LOG.errorf(
            e.getCause(),
            "Building the key of %s failed; apply tries again at the next catalog refresh",
            topic);
        errors.failing(Set.of(topic), "building its key failed: " + e.getCause().getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new WakeupException();
      } catch (KafkaException e) {
        LOG.debugf("Could not read the end offsets of %s: %s", topic, e.getMessage());
      }
    }
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
      seekToStored(c, c.assignment());
      return false;
    }
    appliedRecords.addAndGet(batch.count());
    metrics.committed(result.written(), result.rejects());
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
   * Seeks to the stored offsets of {@code partitions} and restores the positions of the changes
   * applied there (a change at or below one is skipped as published again).
   */
  private void seekToStored(
      KafkaConsumer<String, byte[]> c, Collection<TopicPartition> partitions) {
    StoredOffsets.Stored stored = offsets.loadWithPositions(new ArrayList<>(partitions));
    decoder.applied().restore(partitions, stored.applied());
    List<TopicPartition> fresh = new ArrayList<>();
    for (TopicPartition tp : partitions) {
      Long offset = stored.next().get(tp);
      if (offset == null) {
        fresh.add(tp);
      } else {
        c.seek(tp, offset);
      }
    }
    if (!fresh.isEmpty()) {
      c.seekToBeginning(fresh);
    }
  }

  /** A batch whose write runs on the writer thread. */
  /**
   * A batch being written.
   *
   * @param oldest per topic, the Kafka timestamp of the batch's oldest record (epoch ms)
   */
  private record InFlight(
      DecodedBatch batch, Map<String, Long> oldest, Future<WriteResult> result) {}

  /**
   * How a batch's write ended.
   *
   * @param committed false when nothing (more) was written: another consumer applied past the
   *     batch's start, a table's bulk-load state changed, or every attempt failed
   * @param rejects the rows rejected in what committed
   * @param written the work of each table that committed
   */
  private record WriteResult(boolean committed, List<Reject> rejects, List<TableWork> written) {
    static final WriteResult FAILED = new WriteResult(false, List.of(), List.of());
  }

  /** Records committed to the target (applied or rejected) since start. */
  public long appliedRecords() {
    return appliedRecords.get();
  }

  public long rejectedRecords() {
    return rejectedRecords.get();
  }

  /** False after a batch failed every retry, until a batch commits again. */
  /**
   * False only once the apply thread died (an {@link Error}): nothing but a restart of the process
   * brings it back. A target that is down is not that ({@link #healthy}).
   */
  public boolean alive() {
    return !running || (thread != null && thread.isAlive());
  }

  public boolean healthy() {
    return healthy;
  }

  public String lastError() {
    return lastError.get();
  }

  /** Seeks newly assigned partitions to the positions stored in the control schema. */
  private final class SeekToStoredOffsets implements ConsumerRebalanceListener {
    private final KafkaConsumer<String, byte[]> c;

    SeekToStoredOffsets(KafkaConsumer<String, byte[]> c) {
      this.c = c;
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) {
        return;
      }
      seekToStored(c, partitions);
      LOG.infof(
          "Apply assigned %d partitions; positions restored from the control schema",
          partitions.size());
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      // Positions live in the control schema, written with each batch: nothing to save here.
    }
  }
}
