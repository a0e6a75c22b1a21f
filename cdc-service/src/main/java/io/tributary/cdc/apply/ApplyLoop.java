package io.tributary.cdc.apply;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.tributary.cdc.control.ControlSchemaGate;
import io.tributary.cdc.kafka.KafkaClients;
import io.tributary.common.event.ChangeEvent;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.event.Op;
import io.tributary.common.event.Topics;
import io.tributary.common.value.ValueCastException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
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
  private final BatchWriter writer;
  private final AtomicLong appliedRecords = new AtomicLong();
  private final AtomicLong rejectedRecords = new AtomicLong();
  private final AtomicReference<String> lastError = new AtomicReference<>();
  private final Set<String> unknownTopics = ConcurrentHashMap.newKeySet();
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

  public ApplyLoop(
      ApplyConfig config,
      KafkaClients kafka,
      TableCatalog catalog,
      BatchWriter writer,
      ControlSchemaGate controlSchema,
      ApplyErrors errors) {
    this.controlSchema = controlSchema;
    this.errors = errors;
    this.config = config;
    this.kafka = kafka;
    this.catalog = catalog;
    this.writer = writer;
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
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxPollRecords());
    props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) config.sessionTimeout().toMillis());
    props.put(
        ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
        (int) Math.max(500, config.sessionTimeout().toMillis() / 3));
    props.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 2000);
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
          new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
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
          DecodedBatch next = records.isEmpty() ? null : decode(records);
          if (inFlight != null) {
            boolean keep = complete(c, inFlight);
            inFlight = null;
            if (!keep) {
              continue; // rewound to the stored positions: these records come again
            }
          }
          if (next != null) {
            inFlight = new InFlight(next, writerThread.submit(() -> writeWithRetries(next)));
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
        BatchWriter.Outcome outcome =
            writer.write(
                batch.work(),
                batch.resets(),
                batch.first(),
                batch.next(),
                batch.positions(),
                batch.rejects());
        healthy = true;
        if (outcome == BatchWriter.Outcome.STALE) {
          return WriteResult.STALE;
        }
        errors.committed(topics(batch));
        return WriteResult.COMMITTED;
      } catch (RuntimeException e) {
        lastError.set(e.getMessage());
        if (attempt >= config.retryAttempts()) {
          healthy = false;
          LOG.errorf(
              "Failed to apply a batch of %d records after %d attempts: %s; rewinding to the stored offsets",
              batch.count(), attempt, e.getMessage());
          errors.failing(
              topics(batch),
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

  private static Set<String> topics(DecodedBatch batch) {
    Set<String> topics = new TreeSet<>();
    batch.next().keySet().forEach(tp -> topics.add(tp.topic()));
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
    if (result != WriteResult.COMMITTED) {
      seekToStored(c, c.assignment());
      return false;
    }
    appliedRecords.addAndGet(batch.count());
    if (!batch.rejects().isEmpty()) {
      rejectedRecords.addAndGet(batch.rejects().size());
      publishRejects(batch.rejects());
    }
    Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
    batch.next().forEach((tp, offset) -> commit.put(tp, new OffsetAndMetadata(offset)));
    c.commitAsync(commit, null);
    LOG.debugf("Applied %d records (%d rejected)", batch.count(), batch.rejects().size());
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
    // The consumer keeps its group membership across this wait: max.poll.interval.ms is 5 minutes.
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WakeupException();
    }
  }

  /**
   * Decodes one poll into the batch its transaction writes: records grouped per table, reduced to
   * the last change per key, cast to target values; undecodable records become rejects. Touches
   * neither the consumer nor the database, so it runs while the batch before is written.
   */
  private DecodedBatch decode(ConsumerRecords<String, byte[]> records) {
    Map<TopicPartition, Long> first = new HashMap<>();
    Map<TopicPartition, Long> next = new HashMap<>();
    Map<TopicPartition, Long> positions = new HashMap<>();
    Map<String, List<ChangeRecord>> byTopic = new LinkedHashMap<>();
    List<Reject> rejects = new ArrayList<>();
    Map<AppliedTable, Long> resets = new LinkedHashMap<>();
    for (ConsumerRecord<String, byte[]> r : records) {
      TopicPartition tp = new TopicPartition(r.topic(), r.partition());
      first.putIfAbsent(tp, r.offset());
      next.put(tp, r.offset() + 1);
      AppliedTable table = catalog.find(r.topic());
      if (table == null) {
        if (unknownTopics.add(r.topic())) {
          LOG.warnf(
              "No table is recorded for topic %s in this target's control schema; its records are"
                  + " skipped (from offset %d)",
              r.topic(), r.offset());
        }
        continue;
      }
      if (r.headers().lastHeader(Topics.FENCE_HEADER) != null) {
        // a fence: nothing to write; its offset is stored with the batch like any other
        continue;
      }
      long generation;
      try {
        Header reset = r.headers().lastHeader(Topics.RESET_HEADER);
        if (reset != null) {
          resets.merge(table, headerNumber(reset), Math::max);
          continue;
        }
        Header header = r.headers().lastHeader(Topics.GENERATION_HEADER);
        generation = header == null ? 0 : headerNumber(header);
      } catch (NumberFormatException e) {
        ChangeRecord raw =
            new ChangeRecord(r.topic(), r.partition(), r.offset(), r.key(), r.value(), null, 0);
        rejects.add(reject(table, raw, null, e.getMessage()));
        continue;
      }
      Header refused = r.headers().lastHeader(Topics.REJECT_HEADER);
      if (refused != null) {
        ChangeRecord raw =
            new ChangeRecord(
                r.topic(), r.partition(), r.offset(), r.key(), r.value(), null, generation);
        rejects.add(
            reject(
                table,
                raw,
                null,
                "capture could not encode this change: "
                    + new String(refused.value(), StandardCharsets.UTF_8)));
        continue;
      }
      try {
        ChangeEvent event = ChangeEventCodec.decode(r.value());
        if (event.source() != null) {
          positions.merge(tp, event.source().pos(), Math::max);
        }
        byTopic
            .computeIfAbsent(r.topic(), t -> new ArrayList<>())
            .add(
                new ChangeRecord(
                    r.topic(),
                    r.partition(),
                    r.offset(),
                    keyOf(r, event, table),
                    r.value(),
                    // its row, now cast, is not needed any more (rejects keep the raw value)
                    event.after() == null ? event : event.withoutAfter(),
                    generation,
                    event.op() == Op.DELETE ? null : castRow(table, event)));
      } catch (RuntimeException e) {
        ChangeRecord raw =
            new ChangeRecord(
                r.topic(), r.partition(), r.offset(), r.key(), r.value(), null, generation);
        rejects.add(reject(table, raw, null, "not a change event: " + e.getMessage()));
      }
    }
    List<TableWork> work = new ArrayList<>();
    for (Map.Entry<String, List<ChangeRecord>> entry : byTopic.entrySet()) {
      work.add(prepare(catalog.find(entry.getKey()), entry.getValue(), rejects));
    }
    return new DecodedBatch(records.count(), work, resets, first, next, positions, rejects);
  }

  private TableWork prepare(AppliedTable table, List<ChangeRecord> records, List<Reject> rejects) {
    if (table.definition().wholeRow()) {
      return WholeRowReducer.reduce(table, records, rejects);
    }
    BatchReducer.Reduced reduced = BatchReducer.reduce(records);
    List<Object[]> upserts = new ArrayList<>();
    List<ChangeRecord> upsertRecords = new ArrayList<>();
    for (ChangeRecord record : reduced.upserts()) {
      ChangeRecord.DecodedRow row = record.row();
      if (row.error() != null) {
        rejects.add(reject(table, record, record.event(), row.error()));
      } else {
        upserts.add(row.values());
        upsertRecords.add(record);
      }
    }
    List<Object[]> deletes = new ArrayList<>();
    List<ChangeRecord> deleteRecords = new ArrayList<>();
    for (ChangeRecord record : reduced.deletes()) {
      try {
        ObjectNode before =
            record.event().before() != null
                ? record.event().before()
                : ChangeEventCodec.decodeKey(record.key().getBytes(StandardCharsets.UTF_8));
        deletes.add(RowDecoder.key(table.definition(), before));
        deleteRecords.add(record);
      } catch (RuntimeException e) {
        rejects.add(reject(table, record, record.event(), e.getMessage()));
      }
    }
    return new TableWork(table, upserts, upsertRecords, deletes, deleteRecords);
  }

  /** An upsert's row cast to its table's columns, or why it does not fit. */
  private static ChangeRecord.DecodedRow castRow(AppliedTable table, ChangeEvent event) {
    try {
      return new ChangeRecord.DecodedRow(RowDecoder.row(table.definition(), event.after()), null);
    } catch (ValueCastException e) {
      return new ChangeRecord.DecodedRow(null, e.getMessage());
    }
  }

  /** The decimal value of a generation or reset header. */
  private static long headerNumber(Header header) {
    String text = new String(header.value(), StandardCharsets.UTF_8);
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new NumberFormatException(
          "header " + header.key() + " is not a snapshot generation: '" + text + "'");
    }
  }

  private static String keyOf(
      ConsumerRecord<String, byte[]> r, ChangeEvent event, AppliedTable table) {
    if (r.key() != null) {
      return r.key();
    }
    ObjectNode row = event.op() == Op.DELETE ? event.before() : event.after();
    ObjectNode key = ChangeEventCodec.MAPPER.createObjectNode();
    table
        .definition()
        .identityColumns()
        .forEach(c -> key.set(c.name(), row == null ? null : row.get(c.name())));
    return ChangeEventCodec.encodeKey(key);
  }

  private static Reject reject(
      AppliedTable table, ChangeRecord record, ChangeEvent event, String reason) {
    return new Reject(
        table.migration(),
        table.definition().source(),
        table.definition().sourceTable(),
        record,
        event == null || event.source() == null ? null : event.source().pos(),
        reason);
  }

  private void publishRejects(List<Reject> rejects) {
    for (Reject r : rejects) {
      ObjectNode value = ChangeEventCodec.MAPPER.createObjectNode();
      value
          .put("migration", r.migration())
          .put("source", r.source())
          .put("table", r.table())
          .put("topic", r.record().topic())
          .put("partition", r.record().partition())
          .put("offset", r.record().offset())
          .put("key", r.record().key())
          .put("row", r.record().rawText())
          .put("reason", r.reason());
      if (r.sourcePos() != null) {
        value.put("pos", r.sourcePos());
      }
      // The reject itself is kept in tributary.rejects, in the batch's transaction; the topic only
      // tells about it, so a failed send is logged, not retried.
      Future<RecordMetadata> unused =
          kafka
              .producer()
              .send(
                  new ProducerRecord<>(
                      Topics.REJECTS,
                      r.migration(),
                      value.toString().getBytes(StandardCharsets.UTF_8)),
                  (metadata, failure) -> {
                    if (failure != null) {
                      LOG.warnf(
                          "Reject of %s offset %d (kept in tributary.rejects) not published on %s: %s",
                          r.record().topic(),
                          r.record().offset(),
                          Topics.REJECTS,
                          failure.getMessage());
                    }
                  });
    }
  }

  private void seekToStored(
      KafkaConsumer<String, byte[]> c, Collection<TopicPartition> partitions) {
    Map<TopicPartition, Long> stored = writer.storedOffsets(new ArrayList<>(partitions));
    List<TopicPartition> fresh = new ArrayList<>();
    for (TopicPartition tp : partitions) {
      Long offset = stored.get(tp);
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

  /** One poll, decoded: what one target transaction writes. */
  private record DecodedBatch(
      int count,
      List<TableWork> work,
      Map<AppliedTable, Long> resets,
      Map<TopicPartition, Long> first,
      Map<TopicPartition, Long> next,
      Map<TopicPartition, Long> positions,
      List<Reject> rejects) {}

  /** A batch whose write runs on the writer thread. */
  private record InFlight(DecodedBatch batch, Future<WriteResult> result) {}

  /** How a batch's write ended. */
  private enum WriteResult {
    COMMITTED,
    /** Another consumer applied past the batch's start: nothing written. */
    STALE,
    /** Failed every attempt: nothing written. */
    FAILED
  }

  /** Records committed to the target (applied or rejected) since start. */
  public long appliedRecords() {
    return appliedRecords.get();
  }

  public long rejectedRecords() {
    return rejectedRecords.get();
  }

  /** False after a batch failed every retry, until a batch commits again. */
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
