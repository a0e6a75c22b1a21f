package io.tributary.validator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ApplyLagCounterTest {
  @Test
  void sumsOverPartitions() {
    assertThat(ApplyLagCounter.lag(Map.of(0, 10L, 1, 5L), Map.of(0, 7L, 1, 5L))).isEqualTo(3);
  }

  @Test
  void aPartitionApplyHasNotCommittedCountsFromZero() {
    assertThat(ApplyLagCounter.lag(Map.of(0, 10L, 1, 5L), Map.of(0, 10L))).isEqualTo(5);
  }

  @Test
  void applyAheadOfStaleEndOffsetsIsNoLag() {
    assertThat(ApplyLagCounter.lag(Map.of(0, 10L, 1, 4L), Map.of(0, 12L, 1, 4L))).isZero();
  }

  @Test
  void aTopicWithoutPartitionsHasNoLag() {
    assertThat(ApplyLagCounter.lag(Map.of(), Map.of(0, 3L))).isZero();
  }
}
