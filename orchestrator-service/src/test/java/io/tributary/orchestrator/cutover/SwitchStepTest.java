package io.tributary.orchestrator.cutover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.tributary.common.plan.CutoverAction;
import io.tributary.orchestrator.provision.PlanIntake;
import io.tributary.orchestrator.provision.TargetAddress;
import io.tributary.orchestrator.window.FallbackWindows;
import io.tributary.source.spi.freeze.FrozenSource;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SwitchStepTest {
  private final SwitchActionRunner switches = mock(SwitchActionRunner.class);
  private final SourceFreezer freezer = mock(SourceFreezer.class);
  private final CutoverJournal journal = mock(CutoverJournal.class);
  private final PlanIntake intake = mock(PlanIntake.class);
  private final SwitchStep step =
      new SwitchStep(switches, freezer, journal, intake, mock(FallbackWindows.class));

  private static final CutoverAction WEBHOOK =
      new CutoverAction.Webhook(URI.create("http://127.0.0.1:9/switch"), null, null);
  private static final CutoverAction EVENT = new CutoverAction.Event("tributary.status");
  private static final FrozenSource APP =
      new FrozenSource("app", FrozenSource.SQLITE_TRIGGERS, null, List.of("notes"));

  @BeforeEach
  void target() {
    when(intake.target()).thenReturn(mock(TargetAddress.class));
  }

  @Test
  void aFirstActionThatFailsTookNoEffect() {
    CutoverRun run = TestRuns.run(TestRuns.actions(true, WEBHOOK, EVENT));
    when(switches.run(eq(WEBHOOK), anyString(), anyLong(), any(), any()))
        .thenThrow(new IllegalStateException("answered 503"));

    assertThatThrownBy(() -> step.run(run))
        .isInstanceOf(CutoverStepException.class)
        .hasMessage("action 1 (webhook) failed: answered 503");
    verify(journal).switchStarted(run.cutover());
    verify(journal, never()).switched(any());
    verify(switches, never()).run(eq(EVENT), anyString(), anyLong(), any(), any());
  }

  @Test
  void aLaterActionThatFailsIsLeftToTheOperatorAndTheSwitchEnds() {
    CutoverRun run = TestRuns.run(TestRuns.actions(true, WEBHOOK, EVENT));
    when(switches.run(eq(WEBHOOK), anyString(), anyLong(), any(), any()))
        .thenReturn("webhook answered 200");
    when(switches.run(eq(EVENT), anyString(), anyLong(), any(), any()))
        .thenThrow(new IllegalStateException("topic authorization failed"));

    String detail = step.run(run);

    assertThat(detail)
        .isEqualTo(
            "webhook answered 200; action 2 (event) failed: topic authorization failed (finish"
                + " those by hand)");
    assertThat(run.switchFailures())
        .containsExactly("action 2 (event) failed: topic authorization failed");
    verify(journal).switched(run.cutover());
  }

  @Test
  void sourcesAreMadeWritableAfterTheSwitchUnlessThePlanKeepsThemReadOnly() {
    CutoverRun kept = TestRuns.run(TestRuns.actions(true));
    kept.frozen(List.of(APP));
    assertThat(step.run(kept)).isEqualTo("no switch actions in the plan");
    verify(freezer, never()).unfreeze(any(), any(), any(), any());

    CutoverRun released = TestRuns.run(TestRuns.actions(false));
    released.frozen(
        List.of(APP, new FrozenSource("shop", FrozenSource.PGBOUNCER_PAUSE, "shop", List.of())));
    step.run(released);
    verify(freezer).unfreeze(eq(TestRuns.APP), eq(APP), any(), any());
    verify(freezer, never()).unfreeze(eq(TestRuns.SHOP), any(), any(), any());
  }
}
