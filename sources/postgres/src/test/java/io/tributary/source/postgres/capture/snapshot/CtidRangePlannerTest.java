package io.tributary.source.postgres.capture.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CtidRangePlannerTest {
  private static final int PG15 = 150_004;

  @Test
  void aTableIsCutIntoRangesOfItsBlocksTheLastOpenEnded() {
    CtidRangePlanner planner = new CtidRangePlanner(1024, PG15);

    assertThat(planner.plan(2500, List.of()))
        .containsExactly(
            new CtidRange(0, 1024), new CtidRange(1024, 2048), new CtidRange(2048, CtidRange.OPEN));
    assertThat(planner.plan(2048, List.of()))
        .containsExactly(new CtidRange(0, 1024), new CtidRange(1024, CtidRange.OPEN));
    assertThat(planner.plan(1024, List.of())).containsExactly(new CtidRange(0, CtidRange.OPEN));
    assertThat(planner.plan(0, List.of())).as("an empty table: still read once").hasSize(1);
  }

  @Test
  void aServerWithoutTidRangeScansReadsATableInOneRange() {
    assertThat(new CtidRangePlanner(8, 130_011).plan(100, List.of()))
        .containsExactly(new CtidRange(0, CtidRange.OPEN));
  }

  @Test
  void rangesDoneAreLeftOutAndAnOpenOneDoneCoversWhatGrewAfterIt() {
    CtidRangePlanner planner = new CtidRangePlanner(10, PG15);

    assertThat(planner.plan(35, List.of(new CtidRange(10, 20), new CtidRange(0, 10))))
        .containsExactly(new CtidRange(20, 30), new CtidRange(30, CtidRange.OPEN));
    // done as the last range when the table had 25 blocks; it has grown to 45 since
    assertThat(planner.plan(45, List.of(new CtidRange(0, 10), new CtidRange(20, CtidRange.OPEN))))
        .containsExactly(new CtidRange(10, 20));
    // a range only partly done is read again
    assertThat(planner.plan(25, List.of(new CtidRange(0, 5)))).hasSize(3);
  }

  @Test
  void aRangeIsLabelledAsItsCheckpointSaysIt() {
    assertThat(new CtidRange(0, 1024).label()).isEqualTo("blocks 0-1024");
    assertThat(new CtidRange(2048, CtidRange.OPEN).label()).isEqualTo("blocks 2048-");
    assertThat(CtidRange.parse("blocks 2048-")).isEqualTo(new CtidRange(2048, CtidRange.OPEN));
    assertThat(CtidRange.parse("blocks 0-1024")).isEqualTo(new CtidRange(0, 1024));
    assertThatThrownBy(() -> CtidRange.parse("rows 1-2"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CtidRange(5, 5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CtidRangePlanner(0, PG15))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
