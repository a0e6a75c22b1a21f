package io.tributary.orchestrator.cutover;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import io.tributary.common.plan.CutoverPlan;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValidateStepTest {
  private final CutoverValidation validation = mock(CutoverValidation.class);
  private final ValidateStep step = new ValidateStep(validation);

  @Test
  void comparesTheRowsChangedAfterThePosition() {
    CutoverRun run = TestRuns.run();
    run.position(List.of(11L, 12L));
    run.fences(List.of(21L, 22L));

    step.run(run);

    verify(validation)
        .pass(eq("m"), eq("ops"), eq(List.of(11L, 12L)), eq(List.of(21L, 22L)), any());
  }

  @Test
  void fullComparesEveryRow() {
    CutoverRun run =
        new CutoverRun(
            "ops", true, TestRuns.cutover("m"), CutoverPlan.defaults(), List.of(TestRuns.APP));
    run.position(List.of(11L));
    run.fences(List.of(21L));

    step.run(run);

    verify(validation).pass(eq("m"), eq("ops"), isNull(), eq(List.of(21L)), any());
  }
}
