package io.tributary.orchestrator.cutover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.tributary.common.plan.CutoverPlan;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ValidateStepTest {
  private final CutoverValidation validation = mock(CutoverValidation.class);
  private final OpenRejects rejects = mock(OpenRejects.class);
  private final ValidateStep step = new ValidateStep(validation, rejects);

  @BeforeEach
  void noRejects() {
    when(rejects.of("m")).thenReturn(new OpenRejects.Summary(List.of()));
    when(validation.pass(any(), any(), any(), any(), any())).thenReturn("every table MATCH");
  }

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
            "ops",
            new CutoverOptions(true, false),
            TestRuns.cutover("m"),
            CutoverPlan.defaults(),
            List.of(TestRuns.APP));
    run.position(List.of(11L));
    run.fences(List.of(21L));

    step.run(run);

    verify(validation).pass(eq("m"), eq("ops"), isNull(), eq(List.of(21L)), any());
  }

  @Test
  void openRejectsFailTheGateUnlessAccepted() {
    when(rejects.of("m"))
        .thenReturn(
            new OpenRejects.Summary(
                List.of(
                    new OpenRejects.TableRejects("app", "items", 2, "value too long"),
                    new OpenRejects.TableRejects("app", "tags", 1, "violates check"))));
    CutoverRun run = TestRuns.run();

    assertThatThrownBy(() -> step.run(run))
        .isInstanceOf(CutoverStepException.class)
        .hasMessageStartingWith(
            "migration 'm' has open rejects, rows apply could not write that exist only in the"
                + " source: 3 rows in 2 tables: app.items 2 (value too long), app.tags 1"
                + " (violates check)")
        .hasMessageContaining("acceptRejects=true");

    CutoverRun accepting =
        new CutoverRun(
            "ops",
            new CutoverOptions(false, true),
            TestRuns.cutover("m"),
            CutoverPlan.defaults(),
            List.of(TestRuns.APP));
    assertThat(step.run(accepting))
        .isEqualTo(
            "every table MATCH; open rejects left behind, as ops accepted: 3 rows in 2 tables:"
                + " app.items 2 (value too long), app.tags 1 (violates check)");
  }
}
