package io.tributary.cdc.apply;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.tributary.common.event.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * What apply committed, per table, once committed: {@code
 * tributary_apply_rows_total{migration,source,table,op}} (rows written — snapshot copies and
 * upserts, {@code op="write"} — and rows deleted, {@code op="delete"}) and {@code
 * tributary_apply_rejects_total{migration,source,table}} (rows kept as rejects). Their rates are a
 * table's apply speed and reject rate. {@code tributary_apply_latency_seconds} is its apply lag in
 * seconds ({@link #latency}).
 */
@ApplicationScoped
public class ApplyMetrics {
  static final String ROWS = "tributary.apply.rows";
  static final String REJECTS = "tributary.apply.rejects";

  static final String LATENCY = "tributary.apply.latency";

  private final MeterRegistry registry;

  /** Per topic, the latency of its last committed batch in ms (what the gauges read). */
  private final Map<String, AtomicLong> latencies = new ConcurrentHashMap<>();

  public ApplyMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * Per table topic, the Kafka timestamp (epoch ms) of the oldest of the records: a record of a
   * snapshot topic (a chunk, a marker) counts for the table its key names.
   */
  static Map<String, Long> oldestPerTopic(ConsumerRecords<String, byte[]> records) {
    Map<String, Long> oldest = new HashMap<>();
    for (ConsumerRecord<String, byte[]> r : records) {
      String topic = Topics.isSnapshotTopic(r.topic()) ? r.key() : r.topic();
      if (r.timestamp() >= 0 && topic != null) {
        oldest.merge(topic, r.timestamp(), Math::min);
      }
    }
    return oldest;
  }

  /**
   * Records, per table of a committed batch, how long its oldest record waited from capture's
   * publish (its Kafka timestamp) until apply's commit: {@code
   * tributary_apply_latency_seconds{migration,source,table}}, the apply lag in seconds. It keeps
   * the value of the table's last batch (a table nothing changes in keeps its last, small, value).
   *
   * @param oldest per topic, the oldest record's Kafka timestamp (epoch ms)
   * @param tables the table of a topic, null when unknown
   * @param now the commit's time (epoch ms)
   */
  void latency(Map<String, Long> oldest, Function<String, AppliedTable> tables, long now) {
    for (Map.Entry<String, Long> e : oldest.entrySet()) {
      AtomicLong value = latencies.get(e.getKey());
      if (value == null) {
        AppliedTable table = tables.apply(e.getKey());
        if (table == null) {
          continue;
        }
        AtomicLong created = new AtomicLong();
        Gauge.builder(LATENCY, created, v -> v.get() / 1000.0)
            .description(
                "Seconds the oldest change of the table's last committed batch waited between"
                    + " capture's publish to Kafka and apply's commit to the target")
            .baseUnit("seconds")
            .tag("migration", table.migration())
            .tag("source", table.definition().source())
            .tag("table", table.definition().sourceTable())
            .strongReference(true)
            .register(registry);
        latencies.putIfAbsent(e.getKey(), created);
        value = latencies.get(e.getKey());
      }
      value.set(Math.max(0, now - e.getValue()));
    }
  }

  /**
   * What a batch committed.
   *
   * @param written the work of each table that committed
   * @param copied the rows of snapshot chunks each table committed (written)
   * @param rejects the rows rejected in it (those the target refused are among the work's rows too,
   *     and are not counted as written)
   */
  void committed(List<TableWork> written, Map<AppliedTable, Long> copied, List<Reject> rejects) {
    copied.forEach(
        (table, rows) -> {
          if (rows > 0) {
            rows(table, "write").increment(rows);
          }
        });
    Set<ChangeRecord> refused = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Reject reject : rejects) {
      refused.add(reject.record());
    }
    for (TableWork work : written) {
      AppliedTable table = work.table();
      long writes = written(work.upsertRecords(), refused);
      long deletes = written(work.deleteRecords(), refused);
      if (writes > 0) {
        rows(table, "write").increment(writes);
      }
      if (deletes > 0) {
        rows(table, "delete").increment(deletes);
      }
    }
    for (Reject reject : rejects) {
      if (reject.migration() != null) {
        Counter.builder(REJECTS)
            .description("Rows apply kept as rejects (with their reason) instead of writing them")
            .tag("migration", reject.migration())
            .tag("source", String.valueOf(reject.source()))
            .tag("table", String.valueOf(reject.table()))
            .register(registry)
            .increment();
      }
    }
  }

  /**
   * Kafka's own metrics of apply's consumer ({@code kafka_consumer_*}: fetch rates, records lag),
   * until the returned handle is closed with the consumer.
   */
  KafkaClientMetrics kafkaClient(KafkaConsumer<?, ?> consumer) {
    KafkaClientMetrics metrics = new KafkaClientMetrics(consumer);
    metrics.bindTo(registry);
    return metrics;
  }

  /** The records not refused (each batch's rows: no pass over them when nothing was refused). */
  private static long written(List<ChangeRecord> records, Set<ChangeRecord> refused) {
    return refused.isEmpty()
        ? records.size()
        : records.stream().filter(r -> !refused.contains(r)).count();
  }

  private Counter rows(AppliedTable table, String op) {
    return Counter.builder(ROWS)
        .description(
            "Rows apply committed to the target: written (op=write) or deleted (op=delete)")
        .tag("migration", table.migration())
        .tag("source", table.definition().source())
        .tag("table", table.definition().sourceTable())
        .tag("op", op)
        .register(registry);
  }
}
