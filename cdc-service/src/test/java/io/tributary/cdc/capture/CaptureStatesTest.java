package io.tributary.cdc.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.control.MigrationState;
import io.tributary.common.plan.SourceKind;
import io.tributary.source.spi.capture.SourceState;
import org.junit.jupiter.api.Test;

class CaptureStatesTest {
  @Test
  void capturesThroughCutoverAndAfterARollback() {
    assertThat(CaptureStates.capturing())
        .containsExactly("SNAPSHOTTING", "REPLICATING", "CUTTING_OVER", "ROLLED_BACK", "FELL_BACK");
    assertThat(CaptureStates.isCapturing("ROLLED_BACK")).isTrue();
    assertThat(CaptureStates.isCapturing("PROVISIONED")).isFalse();
    assertThat(CaptureStates.isCapturing("CUT_OVER")).isFalse();
    assertThat(CaptureStates.isCapturing("NO_SUCH_STATE")).isFalse();
  }

  @Test
  void onlyCutOverFailedAndAbandonedEndCapture() {
    assertThat(CaptureStates.ended())
        .containsExactly("CUT_OVER", "FAILED", "ABANDONED", "FINISHED");
  }

  @Test
  void endedStatesAreTheOnlyOnesWhoseCaptureMayBeRemoved() {
    for (MigrationState state : MigrationState.values()) {
      boolean ended = CaptureStates.ended().contains(state.name());
      assertThat(ended && CaptureStates.isCapturing(state.name())).as(state.name()).isFalse();
      // an uninstall is refused, and nothing is removed after a stop, while the state is active
      boolean removable =
          !new SourceState("m", "s", SourceKind.SQLITE, "/f", state.name()).active();
      assertThat(removable).as(state.name()).isEqualTo(ended || state == MigrationState.PLANNED);
    }
  }
}
