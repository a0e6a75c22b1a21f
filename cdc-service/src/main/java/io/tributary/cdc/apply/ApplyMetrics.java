package io.tributary.cdc.apply;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * What apply committed, per table, once committed: {@code
 * tributary_apply_rows_total{migration,source,table,op}} (rows written — snapshot copies and
 * upserts, {@code op="write"} — and rows deleted, {@code op="delete"}) and {@code
 * tributary_apply_rejects_total{migration,source,table}} (rows kept as rejects). Their rates are a
 * table's apply speed and reject rate.
 */
@ApplicationScoped
public class ApplyMetrics {
  static final String ROWS = "tributary.apply.rows";
  static final String REJECTS = "tributary.apply.rejects";

  private final MeterRegistry registry;

  public ApplyMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * What a batch committed.
   *
   * @param written the work of each table that committed
   * @param rejects the rows rejected in it (those the target refused are among the work's rows too,
   *     and are not counted as written)
   */
  void committed(List<TableWork> written, List<Reject> rejects) {
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
