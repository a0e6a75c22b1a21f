package io.tributary.orchestrator.cutover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.startsWith;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.tributary.common.control.CutoverOutcome;
import io.tributary.common.control.MigrationState;
import io.tributary.common.plan.CutoverStep;
import io.tributary.orchestrator.step.StepRunner;
import io.tributary.orchestrator.window.FallbackWindows;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CutoverSequenceTest {
  private final CutoverJournal journal = mock(CutoverJournal.class);
  private final CutoverLifecycle lifecycle = mock(CutoverLifecycle.class);
  private final FinalizeAfterSwitch afterSwitch = mock(FinalizeAfterSwitch.class);
  private final CutoverHooks hooks = new CutoverHooks();
  private final StepRunner runner = new StepRunner();
  private final List<String> ran = Collections.synchronizedList(new ArrayList<>());

  @AfterEach
  void stop() {
    runner.onStop(null);
  }

  @Test
  void runsEveryStepInOrderThenSwitchesAndEndsCutOver() {
    hooks.at(CutoverHooks.Point.PREPARED, m -> ran.add("hook:" + m));
    when(journal.writePauseMs(any())).thenReturn(412L);
    when(afterSwitch.run("m")).thenReturn("after the switch, foreign keys validated");
    CutoverRun run = TestRuns.run();

    sequence(Map.of()).run(run);

    assertThat(ran)
        .containsExactly(
            "prepare", "hook:m", "freeze", "fence", "drain", "validate", "finalize", "switch");
    verify(lifecycle)
        .end(
            run,
            MigrationState.CUT_OVER,
            CutoverOutcome.CUT_OVER,
            "cutover 7 switched the applications to the target (write pause 412 ms); after the"
                + " switch, foreign keys validated; fallback window open for 1d: the target's"
                + " changes go back to the sources until POST /migrations/m/finish",
            "done");
  }

  @Test
  void aRollbackThatCannotBeRecordedIsLeftToRecoveryNeverEndedFailed() {
    CutoverRun run = TestRuns.run();
    doThrow(new IllegalStateException("Timeout waiting for the database"))
        .when(journal)
        .started(run, "rollback");

    sequence(
            Map.of(
                CutoverStep.VALIDATE,
                r -> {
                  throw new CutoverStepException("table notes: 1 row differs");
                }))
        .run(run);

    verify(lifecycle).release(run);
    verify(lifecycle, never()).end(any(), any(), any(), anyString(), anyString());
  }

  @Test
  void aFailingGateRollsBackAndNeverSwitches() {
    CutoverRun run = TestRuns.run();

    sequence(
            Map.of(
                CutoverStep.VALIDATE,
                r -> {
                  throw new CutoverStepException("table notes: 1 row differs");
                }))
        .run(run);

    assertThat(ran).containsExactly("prepare", "freeze", "fence", "drain", "validate", "rollback");
    verify(lifecycle)
        .end(
            run,
            MigrationState.ROLLED_BACK,
            CutoverOutcome.ROLLED_BACK,
            "cutover 7 rolled back: validate: table notes: 1 row differs; sources writable again,"
                + " replication continues",
            "rollback");
  }

  @Test
  void aSourceLeftFrozenEndsFailedAndSaysHowToUndoIt() {
    CutoverRun run = TestRuns.run();

    sequence(
            Map.of(
                CutoverStep.DRAIN,
                r -> {
                  throw new CutoverStepException("fence 3 not applied");
                },
                CutoverStep.ROLLBACK,
                r -> {
                  r.stillFrozen("app (sqlite-triggers): disk I/O error");
                  return "STILL FROZEN: app";
                }))
        .run(run);

    verify(lifecycle)
        .end(
            eq(run),
            eq(MigrationState.FAILED),
            eq(CutoverOutcome.FAILED),
            startsWith(
                "cutover 7 failed (drain: fence 3 not applied) and its freeze could not be undone:"
                    + " app (sqlite-triggers): disk I/O error."),
            eq("rollback"));
  }

  @Test
  void aFirstSwitchActionThatFailsRollsBack() {
    CutoverRun run = TestRuns.run();

    sequence(
            Map.of(
                CutoverStep.SWITCH,
                r -> {
                  throw new CutoverStepException("action 1 (webhook) failed: 503");
                }))
        .run(run);

    assertThat(ran).endsWith("switch", "rollback");
    verify(lifecycle)
        .end(
            eq(run),
            eq(MigrationState.ROLLED_BACK),
            eq(CutoverOutcome.ROLLED_BACK),
            startsWith("cutover 7 rolled back: switch: action 1 (webhook) failed: 503"),
            eq("rollback"));
  }

  @Test
  void anUnexpectedErrorDuringTheSwitchLeavesItToRecovery() {
    CutoverRun run = TestRuns.run();

    sequence(
            Map.of(
                CutoverStep.SWITCH,
                r -> {
                  throw new IllegalStateException("control schema unreachable");
                }))
        .run(run);

    assertThat(ran).doesNotContain("rollback");
    verify(lifecycle).release(run);
    verify(lifecycle, never()).end(any(), any(), any(), anyString(), anyString());
  }

  @Test
  void anOperatorRollbackBeforeTheSwitchStopsTheSequence() {
    CutoverRun run = TestRuns.run();

    sequence(
            Map.of(
                CutoverStep.FENCE,
                r -> {
                  r.requestRollback("alice", "not tonight");
                  while (!Thread.currentThread().isInterrupted()) {
                    Thread.onSpinWait(); // a fence awaited until the rollback stops it
                  }
                  throw new CutoverStepException("interrupted");
                }))
        .run(run);

    assertThat(ran).containsExactly("prepare", "freeze", "fence", "rollback");
    verify(lifecycle)
        .end(
            eq(run),
            eq(MigrationState.ROLLED_BACK),
            eq(CutoverOutcome.ROLLED_BACK),
            startsWith("cutover 7 rolled back: fence: rolled back by alice: not tonight"),
            eq("rollback"));
  }

  @Test
  void everyStepNeedsExactlyOneAction() {
    List<CutoverStepAction> missing = new ArrayList<>(actions(Map.of()));
    missing.remove(0);
    assertThatThrownBy(
            () ->
                new CutoverSequence(
                    runner,
                    missing,
                    hooks,
                    lifecycle,
                    journal,
                    afterSwitch,
                    mock(FallbackWindows.class),
                    mock(PostSwitchVerification.class)))
        .hasMessage("no action for the cutover step PREPARE");
  }

  private CutoverSequence sequence(Map<CutoverStep, Function<CutoverRun, String>> overrides) {
    return new CutoverSequence(
        runner,
        actions(overrides),
        hooks,
        lifecycle,
        journal,
        afterSwitch,
        mock(FallbackWindows.class),
        mock(PostSwitchVerification.class));
  }

  /** One action per step that notes it ran; {@code overrides} act after noting. */
  private List<CutoverStepAction> actions(
      Map<CutoverStep, Function<CutoverRun, String>> overrides) {
    List<CutoverStepAction> out = new ArrayList<>();
    for (CutoverStep step : CutoverStep.values()) {
      out.add(
          TestRuns.action(
              step,
              r -> {
                ran.add(step.planName());
                Function<CutoverRun, String> body = overrides.get(step);
                return body == null ? step.planName() + " done" : body.apply(r);
              }));
    }
    return out;
  }
}
