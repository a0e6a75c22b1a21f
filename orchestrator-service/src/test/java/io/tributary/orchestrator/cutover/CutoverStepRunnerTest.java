package io.tributary.orchestrator.cutover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import io.tributary.common.plan.CutoverStep;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CutoverStepRunnerTest {
  private final CutoverJournal journal = mock(CutoverJournal.class);
  private final CutoverStepRunner runner = new CutoverStepRunner(journal);

  @AfterEach
  void stop() {
    runner.onStop(null);
  }

  @Test
  void recordsTheStepAndWhatItDid() {
    CutoverRun run = TestRuns.run();

    String detail = runner.run(action(CutoverStep.FENCE, r -> "fences [1, 2] published"), run);

    assertThat(detail).isEqualTo("fences [1, 2] published");
    verify(journal).started(run.cutover(), CutoverStep.FENCE);
    verify(journal).ended(eq(run), eq(CutoverStep.FENCE), eq("fences [1, 2] published"), anyLong());
  }

  @Test
  void aStepPastItsTimeoutIsInterruptedAndAwaitedBeforeTheFailure() {
    CutoverRun run = TestRuns.run(TestRuns.timeout(CutoverStep.FREEZE, Duration.ofMillis(200)));
    AtomicBoolean stoppedActing = new AtomicBoolean();
    CutoverStepAction hangs =
        action(
            CutoverStep.FREEZE,
            r -> {
              try {
                new CountDownLatch(1).await();
                return "never";
              } catch (InterruptedException e) {
                stoppedActing.set(true);
                throw new CutoverStepException("interrupted");
              }
            });

    assertThatThrownBy(() -> runner.run(hangs, run))
        .isInstanceOf(CutoverStepException.class)
        .hasMessage("freeze timed out after 200 ms");
    assertThat(stoppedActing).isTrue();
    verify(journal)
        .ended(
            eq(run),
            eq(CutoverStep.FREEZE),
            eq("FAILED: freeze timed out after 200 ms"),
            anyLong());
  }

  @Test
  void aRollbackRequestCancelsTheStepRunning() throws Exception {
    CutoverRun run = TestRuns.run();
    CountDownLatch waiting = new CountDownLatch(1);
    CutoverStepAction drains =
        action(
            CutoverStep.DRAIN,
            r -> {
              waiting.countDown();
              while (!r.cancelled()) {
                Thread.onSpinWait();
              }
              throw new CutoverStepException("stopped");
            });
    Thread operator =
        new Thread(
            () -> {
              try {
                waiting.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              assertThat(run.requestRollback("alice", "not tonight")).isTrue();
            });
    operator.start();

    assertThatThrownBy(() -> runner.run(drains, run))
        .isInstanceOf(CutoverStepException.class)
        .hasMessage("drain: rolled back by alice: not tonight");
    operator.join();
  }

  @Test
  void noStepStartsOnceARollbackWasAskedFor() {
    CutoverRun run = TestRuns.run();
    run.requestRollback("alice", null);
    AtomicBoolean ran = new AtomicBoolean();

    assertThatThrownBy(
            () ->
                runner.run(
                    action(
                        CutoverStep.VALIDATE,
                        r -> {
                          ran.set(true);
                          return "ran";
                        }),
                    run))
        .hasMessage("rolled back by alice");
    assertThat(ran).isFalse();
    verify(journal, never()).started(any(), any());
  }

  @Test
  void aFailingStepIsRecordedWithItsReason() {
    CutoverRun run = TestRuns.run();

    assertThatThrownBy(
            () ->
                runner.run(
                    action(
                        CutoverStep.VALIDATE,
                        r -> {
                          throw new CutoverStepException("table notes: counts differ");
                        }),
                    run))
        .hasMessage("validate: table notes: counts differ");
    verify(journal)
        .ended(
            eq(run),
            eq(CutoverStep.VALIDATE),
            eq("FAILED: validate: table notes: counts differ"),
            anyLong());
  }

  @Test
  void aStepRunToTheEndRecordsItsFailureAndKeepsUnexpectedErrorsAsTheyAre() {
    CutoverRun run = TestRuns.run();

    assertThatThrownBy(
            () ->
                runner.runToEnd(
                    action(
                        CutoverStep.SWITCH,
                        r -> {
                          throw new CutoverStepException("action 1 (webhook) failed: 503");
                        }),
                    run))
        .isInstanceOf(CutoverStepException.class)
        .hasMessage("switch: action 1 (webhook) failed: 503");
    assertThatThrownBy(
            () ->
                runner.runToEnd(
                    action(
                        CutoverStep.SWITCH,
                        r -> {
                          throw new IllegalStateException("control schema unreachable");
                        }),
                    run))
        .isInstanceOf(IllegalStateException.class);
  }

  static CutoverStepAction action(CutoverStep step, Function<CutoverRun, String> body) {
    return new CutoverStepAction() {
      @Override
      public CutoverStep step() {
        return step;
      }

      @Override
      public String run(CutoverRun run) {
        return body.apply(run);
      }
    };
  }
}
