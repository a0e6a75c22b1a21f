package io.tributary.orchestrator.cutover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.tributary.orchestrator.OrchestratorConfig;
import io.tributary.orchestrator.behind.BehindApply;
import io.tributary.orchestrator.finalize.FinalizePhase;
import io.tributary.orchestrator.finalize.Finalizer;
import io.tributary.orchestrator.window.FallbackWindows;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PrepareStepTest {
  private final Finalizer finalizer = mock(Finalizer.class);
  private final FenceDrain fences = mock(FenceDrain.class);
  private final CutoverValidation validation = mock(CutoverValidation.class);
  private final OrchestratorConfig config = mock(OrchestratorConfig.class);
  private final OrchestratorConfig.Cutover settings = mock(OrchestratorConfig.Cutover.class);
  private final BehindApply behindApply = mock(BehindApply.class);
  private final PrepareStep step =
      new PrepareStep(
          finalizer, fences, validation, config, mock(FallbackWindows.class), behindApply);

  @BeforeEach
  void settings() {
    when(config.cutover()).thenReturn(settings);
    when(behindApply.install("m")).thenReturn(3);
    when(settings.catchUpRounds()).thenReturn(4);
    when(settings.catchUpUntil()).thenReturn(Duration.ofSeconds(1));
  }

  @Test
  void verifiesEveryTableAtThePositionOfItsFences() {
    CutoverRun run = TestRuns.run();
    when(finalizer.finalizeMigration("m", FinalizePhase.BEFORE_FREEZE)).thenReturn(List.of());
    when(fences.request("m", List.of("app", "shop"))).thenReturn(List.of(11L, 12L));
    when(fences.awaitApplied(eq(List.of(11L, 12L)), any())).thenReturn("applied");
    when(validation.precutover(eq("m"), eq("ops"), eq(List.of(11L, 12L)), any()))
        .thenReturn("precutover validation 5: every table MATCH");

    String detail = step.run(run);

    assertThat(run.position()).containsExactly(11L, 12L);
    assertThat(detail)
        .startsWith(
            "finalize ahead of the freeze: 0 steps; writes outside apply recorded on 3 target"
                + " tables; position fences [11, 12] through")
        .contains("precutover validation 5: every table MATCH");
  }

  @Test
  void catchUpRoundsMoveThePositionOnUntilARoundIsShort() {
    when(settings.catchUpRounds()).thenReturn(2);
    when(settings.catchUpUntil()).thenReturn(Duration.ZERO); // every round counts as long
    CutoverRun run = TestRuns.run();
    when(finalizer.finalizeMigration("m", FinalizePhase.BEFORE_FREEZE)).thenReturn(List.of());
    when(fences.request("m", List.of("app", "shop")))
        .thenReturn(List.of(11L, 12L), List.of(21L, 22L), List.of(31L, 32L));
    when(fences.awaitApplied(any(), any())).thenReturn("applied");
    when(validation.precutover(eq("m"), eq("ops"), eq(List.of(11L, 12L)), any()))
        .thenReturn("precutover validation 5: every table MATCH");
    when(validation.catchUp(eq("m"), eq("ops"), any(), any(), any()))
        .thenReturn("catch-up 6", "catch-up 7");

    String detail = step.run(run);

    verify(validation)
        .catchUp(eq("m"), eq("ops"), eq(List.of(11L, 12L)), eq(List.of(21L, 22L)), any());
    verify(validation)
        .catchUp(eq("m"), eq("ops"), eq(List.of(21L, 22L)), eq(List.of(31L, 32L)), any());
    assertThat(run.position()).containsExactly(31L, 32L);
    assertThat(detail).contains("; catch-up 6 in ").contains("; catch-up 7 in ");
  }

  @Test
  void aShortVerificationNeedsNoCatchUp() {
    when(settings.catchUpUntil()).thenReturn(Duration.ofHours(1));
    CutoverRun run = TestRuns.run();
    when(finalizer.finalizeMigration("m", FinalizePhase.BEFORE_FREEZE)).thenReturn(List.of());
    when(fences.request("m", List.of("app", "shop"))).thenReturn(List.of(11L, 12L));
    when(fences.awaitApplied(any(), any())).thenReturn("applied");
    when(validation.precutover(eq("m"), eq("ops"), eq(List.of(11L, 12L)), any()))
        .thenReturn("precutover validation 5: every table MATCH");

    step.run(run);

    verify(validation, never()).catchUp(any(), any(), any(), any(), any());
    assertThat(run.position()).containsExactly(11L, 12L);
  }

  @Test
  void aPositionThatDoesNotGetThroughStopsBeforeTheVerification() {
    CutoverRun run = TestRuns.run();
    when(finalizer.finalizeMigration("m", FinalizePhase.BEFORE_FREEZE)).thenReturn(List.of());
    when(fences.request("m", List.of("app", "shop"))).thenReturn(List.of(11L, 12L));
    when(fences.awaitApplied(eq(List.of(11L, 12L)), any()))
        .thenThrow(new CutoverStepException("fence 12 not applied on shop.o"));

    assertThatThrownBy(() -> step.run(run))
        .hasMessage(
            "a probe fence did not get through capture and apply within 70 s (is cdc-service"
                + " running?): fence 12 not applied on shop.o");
    assertThat(run.position()).isEmpty();
    verify(validation, never()).precutover(any(), any(), any(), any());
  }
}
