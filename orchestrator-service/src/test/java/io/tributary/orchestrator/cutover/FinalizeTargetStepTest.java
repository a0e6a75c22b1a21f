package io.tributary.orchestrator.cutover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.tributary.common.control.FinalizeStepState;
import io.tributary.common.sql.FinalizeStep.Kind;
import io.tributary.orchestrator.finalize.FinalizePhase;
import io.tributary.orchestrator.finalize.FinalizeStepRecord;
import io.tributary.orchestrator.finalize.Finalizer;
import java.util.List;
import org.junit.jupiter.api.Test;

class FinalizeTargetStepTest {
  private final Finalizer finalizer = mock(Finalizer.class);
  private final FinalizeTargetStep step = new FinalizeTargetStep(finalizer);

  @Test
  void runsWhatTheFreezeNeedsAndReportsWhatWasNotDone() {
    when(finalizer.finalizeMigration("m", FinalizePhase.UNDER_FREEZE))
        .thenReturn(
            List.of(
                record(Kind.SEQUENCE, "notes", FinalizeStepState.DONE, null),
                record(Kind.FOREIGN_KEY, "notes", FinalizeStepState.FAILED, "no such table")));

    assertThat(step.run(TestRuns.run()))
        .isEqualTo("2 finalize steps run; not done: FOREIGN_KEY on notes: no such table");
  }

  @Test
  void aTargetThatCannotGenerateKeysStopsTheCutover() {
    when(finalizer.finalizeMigration("m", FinalizePhase.UNDER_FREEZE))
        .thenReturn(
            List.of(record(Kind.SEQUENCE, "notes", FinalizeStepState.FAILED, "permission denied")));

    assertThatThrownBy(() -> step.run(TestRuns.run()))
        .isInstanceOf(CutoverStepException.class)
        .hasMessage(
            "the target cannot generate keys for new rows: SEQUENCE on notes: permission denied");
  }

  private static FinalizeStepRecord record(
      Kind kind, String table, FinalizeStepState state, String detail) {
    return new FinalizeStepRecord(1, kind, table, "SELECT 1", state, detail, 1L, null);
  }
}
