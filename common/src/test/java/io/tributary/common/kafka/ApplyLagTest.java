package io.tributary.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ApplyLagTest {
  @Test
  void sumsOverPartitions() {
    assertThat(ApplyLag.lag(Map.of(0, 10L, 1, 5L), Map.of(0, 7L, 1, 5L))).isEqualTo(3);
  }

  @Test
  void aPartitionApplyHasNotCommittedCountsFromZero() {
    assertThat(ApplyLag.lag(Map.of(0, 10L, 1, 5L), Map.of(0, 10L))).isEqualTo(5);
  }

  @Test
  void applyAheadOfStaleEndOffsetsIsNoLag() {
    assertThat(ApplyLag.lag(Map.of(0, 10L, 1, 4L), Map.of(0, 12L, 1, 4L))).isZero();
  }

  @Test
  void aTopicWithoutPartitionsHasNoLag() {
    assertThat(ApplyLag.lag(Map.of(), Map.of(0, 3L))).isZero();
  }
}
