package io.tributary.orchestrator.fallback;

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
import io.tributary.common.plan.CutoverPlan;
import io.tributary.common.plan.CutoverStep;
import io.tributary.orchestrator.OrchestratorConfig;
import io.tributary.orchestrator.cutover.TestRuns;
import io.tributary.orchestrator.window.FallbackWindows;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A fallback's rollback: each thing it began is undone, and the target stays live. */
class FallbackRollbackTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final String URL = "postgresql://tributary@target/unified";
  private static final TargetFreeze.Frozen ROLES =
      new TargetFreeze.Frozen("read-only-roles", "unified", List.of("app"));

  private final FallbackWindows windows = mock(FallbackWindows.class);
  private final CaptureResumeRequests resumes = mock(CaptureResumeRequests.class);
  private final TargetFreeze targetFreeze = mock(TargetFreeze.class);
  private final FallbackEnd end = mock(FallbackEnd.class);
  private final FallbackRollback rollback;

  FallbackRollbackTest() {
    TargetCredentials target = mock(TargetCredentials.class);
    when(target.url()).thenReturn(URL);
    OrchestratorConfig config = mock(OrchestratorConfig.class);
    when(config.databaseTimeout()).thenReturn(TIMEOUT);
    rollback = new FallbackRollback(windows, resumes, targetFreeze, target, end, config);
  }

  @Test
  void aStepThatFailedBeforeTheFreezeLeavesNothingToUndo() {
    FallbackRun run = run();

    rollback.rollBack(run, "verify: table notes: 1 row differs");

    verify(windows, never()).reopen(anyString(), anyString());
    verify(resumes, never()).cancel(anyString(), eq(TIMEOUT));
    verify(end)
        .end(
            run,
            MigrationState.CUT_OVER,
            CutoverOutcome.ROLLED_BACK,
            "fallback 7 rolled back: verify: table notes: 1 row differs; the target is writable"
                + " again and stays the applications' database; the window stays open",
            "rollback");
  }

  @Test
  void whatTheFallbackBeganIsUndoneAndWhatCouldNotBeIsSaid() {
    FallbackRun run =
        FallbackRun.leftOver(TestRuns.cutover("m"), plan(), List.of(), List.of(ROLES));
    doThrow(new IllegalStateException("connection refused"))
        .when(windows)
        .reopen("m", "fallback 7");

    rollback.rollBack(run, "the orchestrator stopped");

    verify(resumes).cancel("m", TIMEOUT);
    verify(targetFreeze)
        .unfreeze(any(), eq(List.of(ROLES)), eq(URL), eq(plan().timeout(CutoverStep.ROLLBACK)));
    verify(end)
        .end(
            run,
            MigrationState.CUT_OVER,
            CutoverOutcome.ROLLED_BACK,
            "fallback 7 rolled back: the orchestrator stopped; the target is writable again and"
                + " stays the applications' database; the window stays open; the window stays"
                + " suspended (connection refused): finish or retry",
            "rollback");
  }

  @Test
  void aTargetThatStaysFrozenEndsFailed() {
    FallbackRun run = run();
    run.freezing(ROLES);
    when(targetFreeze.unfreeze(any(), eq(List.of(ROLES)), eq(URL), any()))
        .thenReturn(List.of("unified: app is still read-only"));

    rollback.rollBack(run, "drain: fence 7 not written back");

    verify(end)
        .end(
            eq(run),
            eq(MigrationState.FAILED),
            eq(CutoverOutcome.FAILED),
            startsWith(
                "fallback 7 failed (drain: fence 7 not written back) and the target could not be"
                    + " unfrozen: unified: app is still read-only"),
            eq("rollback"));
  }

  private static CutoverPlan plan() {
    return CutoverPlan.defaults();
  }

  private static FallbackRun run() {
    return new FallbackRun("ops", TestRuns.cutover("m"), plan(), List.of());
  }
}
