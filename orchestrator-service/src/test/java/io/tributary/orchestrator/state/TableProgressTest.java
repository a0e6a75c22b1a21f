package io.tributary.orchestrator.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TableProgressTest {
  private static TableProgress applied(Map<Integer, Long> nextOffsets) {
    return new TableProgress(
        "app",
        "notes",
        "app",
        "notes",
        "t",
        true,
        10L,
        "upsert",
        10L,
        10L,
        0,
        null,
        nextOffsets,
        null,
        null);
  }

  @Test
  @DisplayName(
      "Apply lag is summed per partition, as the validator counts it: a partition apply has moved"
          + " past does not hide another's backlog, one it never committed counts from 0")
  void lagPerPartition() {
    assertThat(applied(Map.of(0, 12L, 1, 4L)).withEndOffsets(Map.of(0, 10L, 1, 7L)).applyLag())
        .isEqualTo(3);
    assertThat(applied(Map.of(0, 10L)).withEndOffsets(Map.of(0, 10L, 1, 5L)).applyLag())
        .isEqualTo(5);
    assertThat(applied(Map.of()).withEndOffsets(Map.of(0, 0L)).applyLag()).isZero();
  }

  @Test
  @DisplayName("Without end offsets (Kafka not asked, or no topic yet) the lag is unknown")
  void unknownLag() {
    assertThat(applied(Map.of(0, 3L)).withEndOffsets(null).applyLag()).isNull();
    assertThat(applied(Map.of(0, 3L)).withEndOffsets(Map.of()).applyLag()).isNull();
  }
}
