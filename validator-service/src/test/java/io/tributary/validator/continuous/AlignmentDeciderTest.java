package io.tributary.validator.continuous;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.source.spi.validate.CapturePosition;
import io.tributary.source.spi.validate.SourcePosition;
import io.tributary.validator.target.TargetSide;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlignmentDeciderTest {
  /** A SQLite read at change-log sequence 100. */
  private static final SourcePosition READ = SourcePosition.at(100, 101);

  private static TargetSide target(Map<Integer, Long> next, Long applied) {
    return new TargetSide(10, 0, next, null, applied);
  }

  @Test
  void alignedWhenCaptureDeliveredTheReadApplyCaughtUpAndAppliedNothingLater() {
    Alignment a =
        AlignmentDecider.decide(
            true,
            READ,
            CapturePosition.at(100),
            Map.of(0, 50L, 1, 20L),
            target(Map.of(0, 50L, 1, 20L), 100L));
    assertThat(a.isAligned()).isTrue();
    assertThat(a.position()).isEqualTo(100);
    assertThat(a.reason()).isNull();
  }

  @Test
  void alignedWhenApplyRecordedNoPositionYet() {
    assertThat(
            AlignmentDecider.decide(
                    true, READ, CapturePosition.at(120), Map.of(0, 0L), target(Map.of(), null))
                .isAligned())
        .isTrue();
  }

  @Test
  void inFlightWhileCaptureHasNotDeliveredUpToTheRead() {
    Alignment a =
        AlignmentDecider.decide(
            true, READ, CapturePosition.at(99), Map.of(0, 50L), target(Map.of(0, 50L), 99L));
    assertThat(a.state()).isEqualTo(Alignment.State.IN_FLIGHT);
    assertThat(a.reason())
        .isEqualTo(
            "capture has delivered changes up to source position 99, the source was read at 100");
  }

  @Test
  void inFlightWhileApplyLags() {
    Alignment a =
        AlignmentDecider.decide(
            true,
            READ,
            CapturePosition.at(100),
            Map.of(0, 50L, 1, 20L),
            target(Map.of(0, 49L), 90L));
    assertThat(a.state()).isEqualTo(Alignment.State.IN_FLIGHT);
    assertThat(a.reason()).isEqualTo("apply had 21 messages of the table to apply");
  }

  @Test
  void inFlightWhenTheTargetHoldsAChangeTheSourceReadDidNotSee() {
    Alignment a =
        AlignmentDecider.decide(
            true, READ, CapturePosition.at(130), Map.of(0, 60L), target(Map.of(0, 60L), 101L));
    assertThat(a.state()).isEqualTo(Alignment.State.IN_FLIGHT);
    assertThat(a.reason()).contains("up to source position 101").contains("read at 100");
  }

  @Test
  void postgresReadsBoundTheirSnapshotFromBothSides() {
    // WAL insert position 5000 before the snapshot, 5200 after it
    SourcePosition read = SourcePosition.at(5200, 5000);
    assertThat(
            AlignmentDecider.decide(
                    true,
                    read,
                    CapturePosition.at(5300),
                    Map.of(0, 9L),
                    target(Map.of(0, 9L), 4999L))
                .isAligned())
        .isTrue();
    assertThat(
            AlignmentDecider.decide(
                    true,
                    read,
                    CapturePosition.at(5300),
                    Map.of(0, 9L),
                    target(Map.of(0, 9L), 5000L))
                .state())
        .isEqualTo(Alignment.State.IN_FLIGHT);
    assertThat(
            AlignmentDecider.decide(
                    true,
                    read,
                    CapturePosition.at(5100),
                    Map.of(0, 9L),
                    target(Map.of(0, 9L), 4000L))
                .state())
        .isEqualTo(Alignment.State.IN_FLIGHT);
  }

  @Test
  void unknownWithoutPositionsOrKafka() {
    assertThat(
            AlignmentDecider.decide(
                    true,
                    SourcePosition.unknown("no change log in app.db"),
                    CapturePosition.at(100),
                    Map.of(),
                    target(Map.of(), null))
                .reason())
        .isEqualTo("no change log in app.db");
    assertThat(
            AlignmentDecider.decide(
                    true,
                    READ,
                    CapturePosition.unknown("slot gone"),
                    Map.of(),
                    target(Map.of(), null))
                .state())
        .isEqualTo(Alignment.State.UNKNOWN);
    assertThat(
            AlignmentDecider.decide(
                    true, READ, CapturePosition.at(100), null, target(Map.of(), null))
                .state())
        .isEqualTo(Alignment.State.UNKNOWN);
  }

  @Test
  void neverAlignedBeforeTheSnapshotIsDone() {
    assertThat(
            AlignmentDecider.decide(
                    false, READ, CapturePosition.at(100), Map.of(), target(Map.of(), null))
                .state())
        .isEqualTo(Alignment.State.IN_FLIGHT);
  }

  @Test
  void aReadThatToldWhatCaptureHadNotDeliveredNeedsNoCapturePosition() {
    assertThat(
            AlignmentDecider.decide(
                    true,
                    SourcePosition.at(100, 101, 0),
                    null,
                    Map.of(0, 5L),
                    target(Map.of(0, 5L), 98L))
                .isAligned())
        .isTrue();
    Alignment a =
        AlignmentDecider.decide(
            true, SourcePosition.at(100, 101, 2), null, Map.of(0, 5L), target(Map.of(0, 5L), 98L));
    assertThat(a.state()).isEqualTo(Alignment.State.IN_FLIGHT);
    assertThat(a.reason())
        .isEqualTo(
            "2 changes of the table read at source position 100 not yet delivered by capture");
  }
}
