package io.tributary.orchestrator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.common.control.MigrationState;
import io.tributary.common.validation.ValidationMode;
import io.tributary.common.validation.ValidationStatus;
import io.tributary.orchestrator.state.LatestValidation;
import io.tributary.orchestrator.state.MigrationDetail;
import io.tributary.orchestrator.state.SourceProgress;
import io.tributary.orchestrator.state.TableProgress;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gauges say what the migrations' details say, and go when a migration or table goes. */
class ProgressGaugesTest {
  private static final OffsetDateTime AT =
      OffsetDateTime.of(2026, 11, 25, 12, 0, 0, 0, ZoneOffset.UTC);

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ProgressGauges gauges = new ProgressGauges(registry);

  private static TableProgress table(String name, Long lag, ValidationStatus status) {
    return new TableProgress(
        "app",
        name,
        "app",
        name,
        "tributary.m1.app.main." + name,
        true,
        1000L,
        "keyed",
        1000L,
        990L,
        10,
        status == null
            ? null
            : new LatestValidation(status, AT, ValidationMode.CONTINUOUS, null, null, null),
        Map.of(0, 5L),
        lag,
        null);
  }

  private static MigrationDetail migration(
      String id, MigrationState state, TableProgress... tables) {
    SourceProgress source =
        new SourceProgress("app", "postgresql", "app", 64L, 4096L, AT, null, null, 2);
    return new MigrationDetail(id, state, null, AT, AT, List.of(source), List.of(tables));
  }

  private double value(String name, String... tags) {
    Gauge gauge = registry.find(name).tags(tags).gauge();
    assertThat(gauge).as("%s %s", name, List.of(tags)).isNotNull();
    return gauge.value();
  }

  @Test
  void publishesEachTablesProgress() {
    gauges.update(
        List.of(
            migration(
                "m1",
                MigrationState.REPLICATING,
                table("items", 42L, ValidationStatus.MISMATCH),
                table("notes", null, null))));

    String[] items = {"migration", "m1", "source", "app", "table", "items"};
    assertThat(value("tributary.table.snapshot.done", items)).isEqualTo(1);
    assertThat(value("tributary.table.snapshot.rows", items)).isEqualTo(1000);
    assertThat(value("tributary.table.source.rows", items)).isEqualTo(1000);
    assertThat(value("tributary.table.target.rows", items)).isEqualTo(990);
    assertThat(value("tributary.table.rejected.rows", items)).isEqualTo(10);
    assertThat(value("tributary.table.apply.lag.records", items)).isEqualTo(42);
    assertThat(value("tributary.table.validated.timestamp.seconds", items))
        .isEqualTo(AT.toEpochSecond());
    assertThat(value("tributary.table.validation", "table", "items", "status", "MISMATCH"))
        .isEqualTo(1);
    assertThat(value("tributary.table.validation", "table", "items", "status", "MATCH")).isZero();
    assertThat(value("tributary.table.apply.lag.records", "table", "notes"))
        .as("unknown lag")
        .isNaN();
    assertThat(value("tributary.table.validation", "table", "notes", "status", "MATCH")).isZero();
    assertThat(value("tributary.migration.state", "migration", "m1", "state", "REPLICATING"))
        .isEqualTo(1);
    assertThat(value("tributary.migration.state", "migration", "m1", "state", "CUTTING_OVER"))
        .isZero();
    assertThat(value("tributary.source.slot.retained.bytes", "migration", "m1", "source", "app"))
        .isEqualTo(4096);
    assertThat(value("tributary.source.capture.failures", "migration", "m1", "source", "app"))
        .isEqualTo(2);
  }

  @Test
  void followsChangesAndDropsWhatWentAway() {
    gauges.update(
        List.of(
            migration("m1", MigrationState.SNAPSHOTTING, table("items", 500L, null)),
            migration(
                "m2", MigrationState.REPLICATING, table("notes", 0L, ValidationStatus.MATCH))));
    gauges.update(
        List.of(
            migration(
                "m1", MigrationState.CUTTING_OVER, table("items", 0L, ValidationStatus.MATCH))));

    assertThat(value("tributary.table.apply.lag.records", "migration", "m1", "table", "items"))
        .isZero();
    assertThat(value("tributary.migration.state", "migration", "m1", "state", "CUTTING_OVER"))
        .isEqualTo(1);
    assertThat(value("tributary.migration.state", "migration", "m1", "state", "SNAPSHOTTING"))
        .isZero();
    assertThat(value("tributary.table.validation", "table", "items", "status", "MATCH"))
        .isEqualTo(1);
    assertThat(registry.find("tributary.table.apply.lag.records").tags("migration", "m2").gauges())
        .as("a migration no longer active")
        .isEmpty();
    assertThat(registry.find("tributary.migration.state").tags("migration", "m2").gauges())
        .isEmpty();

    gauges.update(List.of(migration("m1", MigrationState.CUTTING_OVER)));
    assertThat(registry.find("tributary.table.snapshot.rows").tags("table", "items").gauges())
        .as("a table no longer there")
        .isEmpty();
  }
}
