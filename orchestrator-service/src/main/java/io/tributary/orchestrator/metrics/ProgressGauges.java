package io.tributary.orchestrator.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.tributary.common.control.MigrationState;
import io.tributary.common.validation.ValidationStatus;
import io.tributary.orchestrator.state.MigrationDetail;
import io.tributary.orchestrator.state.SourceProgress;
import io.tributary.orchestrator.state.TableProgress;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * Where each migration, source and table stands, as gauges: the values of {@link MigrationDetail}
 * (what {@code GET /migrations/{id}} answers) as of the last {@link #update}. A value not known (no
 * validation yet, Kafka not answering) is NaN. Gauges of a migration, source or table no longer
 * given are removed.
 *
 * <ul>
 *   <li>{@code tributary_migration_state{migration,state}}: 1 for the migration's state, 0 for the
 *       others;
 *   <li>per table ({@code migration}, {@code source}, {@code table}): {@code
 *       tributary_table_snapshot_done} (1/0), {@code tributary_table_snapshot_rows}, {@code
 *       tributary_table_source_rows} and {@code tributary_table_target_rows} (at the latest
 *       validation), {@code tributary_table_rejected_rows}, {@code
 *       tributary_table_apply_lag_records}, {@code tributary_table_validation{status}} (1 for the
 *       latest validation's status), {@code tributary_table_validated_timestamp_seconds};
 *   <li>per source ({@code migration}, {@code source}): {@code
 *       tributary_source_slot_retained_bytes} and {@code tributary_source_slot_lag_bytes}
 *       (PostgreSQL sources), {@code tributary_source_capture_failures}.
 * </ul>
 */
@ApplicationScoped
public class ProgressGauges {
  private final MeterRegistry registry;

  /** The values the gauges read, by their tags. */
  private final Map<Tags, Values> values = new ConcurrentHashMap<>();

  /** The gauges registered for each migration. */
  private final Map<String, Set<Meter.Id>> gauges = new HashMap<>();

  public ProgressGauges(MeterRegistry registry) {
    this.registry = registry;
  }

  /** The numbers of one migration, source or table, read by its gauges. */
  private static final class Values {
    volatile double[] numbers;

    Values(int size) {
      numbers = new double[size];
    }
  }

  private enum Table {
    SNAPSHOT_DONE("tributary.table.snapshot.done", "1 once capture has read the table's snapshot"),
    SNAPSHOT_ROWS("tributary.table.snapshot.rows", "Rows the table's snapshot read"),
    SOURCE_ROWS("tributary.table.source.rows", "Source rows at the latest validation"),
    TARGET_ROWS("tributary.table.target.rows", "Target rows at the latest validation"),
    REJECTED_ROWS("tributary.table.rejected.rows", "Rows apply could not write (open rejects)"),
    APPLY_LAG("tributary.table.apply.lag.records", "Change events in Kafka not yet applied"),
    VALIDATED_AT(
        "tributary.table.validated.timestamp.seconds", "When the table was last validated");

    final String metric;
    final String help;

    Table(String metric, String help) {
      this.metric = metric;
      this.help = help;
    }
  }

  private enum Source {
    SLOT_RETAINED(
        "tributary.source.slot.retained.bytes", "WAL the source's replication slot holds back"),
    SLOT_LAG("tributary.source.slot.lag.bytes", "WAL the slot's consumer has not confirmed"),
    CAPTURE_FAILURES(
        "tributary.source.capture.failures", "Failed attempts of the source's capture in a row");

    final String metric;
    final String help;

    Source(String metric, String help) {
      this.metric = metric;
      this.help = help;
    }
  }

  /** Publishes these migrations' values; the gauges of any other migration are removed. */
  public synchronized void update(List<MigrationDetail> details) {
    Set<String> seen = new HashSet<>();
    for (MigrationDetail detail : details) {
      seen.add(detail.id());
      Set<Meter.Id> now = new HashSet<>();
      Tags migration = Tags.of("migration", detail.id());
      for (MigrationState state : MigrationState.values()) {
        Tags tags = migration.and("state", state.name());
        set(now, tags, 1, "tributary.migration.state", "1 for the migration's current state", 0)
                .numbers =
            new double[] {detail.state() == state ? 1 : 0};
      }
      for (SourceProgress source : detail.sources()) {
        Tags tags = migration.and("source", source.name());
        double[] numbers = new double[Source.values().length];
        numbers[Source.SLOT_RETAINED.ordinal()] = number(source.slotRetainedBytes());
        numbers[Source.SLOT_LAG.ordinal()] = number(source.slotLagBytes());
        numbers[Source.CAPTURE_FAILURES.ordinal()] = source.captureFailures();
        for (Source metric : Source.values()) {
          set(now, tags, numbers.length, metric.metric, metric.help, metric.ordinal());
        }
        values.get(tags).numbers = numbers;
      }
      for (TableProgress table : detail.tables()) {
        Tags tags = migration.and("source", table.source()).and("table", table.sourceTable());
        double[] numbers = new double[Table.values().length];
        numbers[Table.SNAPSHOT_DONE.ordinal()] = table.snapshotDone() ? 1 : 0;
        numbers[Table.SNAPSHOT_ROWS.ordinal()] = number(table.snapshotRows());
        numbers[Table.SOURCE_ROWS.ordinal()] = number(table.sourceRows());
        numbers[Table.TARGET_ROWS.ordinal()] = number(table.targetRows());
        numbers[Table.REJECTED_ROWS.ordinal()] = table.rejectedRows();
        numbers[Table.APPLY_LAG.ordinal()] = number(table.applyLag());
        numbers[Table.VALIDATED_AT.ordinal()] =
            table.validation() == null || table.validation().at() == null
                ? Double.NaN
                : table.validation().at().toInstant().toEpochMilli() / 1000.0;
        for (Table metric : Table.values()) {
          set(now, tags, numbers.length, metric.metric, metric.help, metric.ordinal());
        }
        values.get(tags).numbers = numbers;
        ValidationStatus latest = table.validation() == null ? null : table.validation().status();
        for (ValidationStatus status : ValidationStatus.values()) {
          set(
                      now,
                      tags.and("status", status.name()),
                      1,
                      "tributary.table.validation",
                      "1 for the status of the table's latest validation",
                      0)
                  .numbers =
              new double[] {latest == status ? 1 : 0};
        }
      }
      Set<Meter.Id> before = gauges.put(detail.id(), now);
      if (before != null) {
        before.removeAll(now);
        remove(before);
      }
    }
    for (String gone : new HashSet<>(gauges.keySet())) {
      if (!seen.contains(gone)) {
        remove(gauges.remove(gone));
      }
    }
  }

  private void remove(Set<Meter.Id> ids) {
    for (Meter.Id id : ids) {
      registry.remove(id);
      values.remove(Tags.of(id.getTags()));
    }
  }

  /**
   * The values of these tags (made with {@code size} NaNs at first sight) and the gauge reading
   * number {@code index} of them, registered once; its id joins {@code ids}.
   */
  private Values set(
      Set<Meter.Id> ids, Tags tags, int size, String metric, String help, int index) {
    Values holder =
        values.computeIfAbsent(
            tags,
            t -> {
              Values fresh = new Values(size);
              Arrays.fill(fresh.numbers, Double.NaN);
              return fresh;
            });
    ToDoubleFunction<Values> read = v -> index < v.numbers.length ? v.numbers[index] : Double.NaN;
    Gauge gauge =
        Gauge.builder(metric, holder, read)
            .description(help)
            .tags(tags)
            .strongReference(true)
            .register(registry);
    ids.add(gauge.getId());
    return holder;
  }

  private static double number(Long value) {
    return value == null ? Double.NaN : value;
  }
}
