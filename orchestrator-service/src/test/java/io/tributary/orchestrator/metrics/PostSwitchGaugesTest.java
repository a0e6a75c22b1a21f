package io.tributary.orchestrator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.orchestrator.validation.PostSwitchSummary;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PostSwitchGaugesTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final PostSwitchGauges gauges = new PostSwitchGauges(registry, null, null, null, null);

  private static PostSwitchSummary summary(String status, long differing) {
    return new PostSwitchSummary(
        7, status, null, null, 2, status == null ? 1 : 2, differing, List.of(), null, null);
  }

  private Double value(String migration) {
    Gauge gauge = registry.find(PostSwitchGauges.METRIC).tag("migration", migration).gauge();
    return gauge == null ? null : gauge.value();
  }

  @Test
  @DisplayName(
      "0 when equal, the differing rows on a MISMATCH, NaN while running or undecided; a migration"
          + " that left its window loses its gauge")
  void values() {
    gauges.update(
        Map.of(
            "equal", summary("MATCH", 0),
            "differs", summary("MISMATCH", 3),
            "running", summary(null, 0),
            "undecided", summary("PENDING", 12)));
    assertThat(value("equal")).isZero();
    assertThat(value("differs")).isEqualTo(3.0);
    assertThat(value("running")).isNaN();
    assertThat(value("undecided")).isNaN();

    gauges.update(Map.of("differs", summary("MATCH", 0)));
    assertThat(value("differs")).isZero();
    assertThat(value("equal")).isNull();
    assertThat(value("running")).isNull();
  }
}
