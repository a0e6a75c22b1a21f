package io.tributary.orchestrator.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StepRunnerTest {
  @SuppressWarnings("unchecked")
  private final StepJournal<TestRun> journal = mock(StepJournal.class);

  private final StepRunner runner = new StepRunner();

  @AfterEach
  void stop() {
    runner.onStop(null);
  }

  @Test
  void recordsTheStepAndWhatItDid() {
    TestRun run = new TestRun();

    String detail = runner.run(action("fence", r -> "fences [1, 2] published"), run, journal);

    assertThat(detail).isEqualTo("fences [1, 2] published");
    verify(journal).started(run, "fence");
    verify(journal).ended(eq(run), eq("fence"), eq("fences [1, 2] published"), anyLong());
  }

  @Test
  void aStepPastItsTimeoutIsInterruptedAndAwaitedBeforeTheFailure() {
    TestRun run = new TestRun(Map.of("freeze", Duration.ofMillis(200)));
    AtomicBoolean stoppedActing = new AtomicBoolean();
    StepAction<TestRun> hangs =
        action(
            "freeze",
            r -> {
              try {
                new CountDownLatch(1).await();
                return "never";
              } catch (InterruptedException e) {
                stoppedActing.set(true);
                throw new StepException("interrupted");
              }
            });

    assertThatThrownBy(() -> runner.run(hangs, run, journal))
        .isInstanceOf(StepException.class)
        .hasMessage("freeze timed out after 200 ms");
    assertThat(stoppedActing).isTrue();
    verify(journal)
        .failed(
            eq(run),
            eq("freeze"),
            eq(new StepFailure("freeze timed out after 200 ms", "timed out after 200 ms")),
            anyLong());
  }

  @Test
  void aRequestToStopCancelsTheStepRunning() throws Exception {
    TestRun run = new TestRun();
    CountDownLatch waiting = new CountDownLatch(1);
    StepAction<TestRun> drains =
        action(
            "drain",
            r -> {
              waiting.countDown();
              while (!r.cancelled()) {
                Thread.onSpinWait();
              }
              throw new StepException("stopped");
            });
    Thread operator =
        new Thread(
            () -> {
              try {
                waiting.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              run.stop("rolled back by alice: not tonight");
            });
    operator.start();

    assertThatThrownBy(() -> runner.run(drains, run, journal))
        .isInstanceOf(StepException.class)
        .hasMessage("drain: rolled back by alice: not tonight");
    operator.join();
  }

  @Test
  void noStepStartsOnceAStopWasAskedFor() {
    TestRun run = new TestRun();
    run.stop("rolled back by alice");
    AtomicBoolean ran = new AtomicBoolean();

    assertThatThrownBy(
            () ->
                runner.run(
                    action(
                        "validate",
                        r -> {
                          ran.set(true);
                          return "ran";
                        }),
                    run,
                    journal))
        .hasMessage("rolled back by alice");
    assertThat(ran).isFalse();
    verify(journal, never()).started(any(), any());
  }

  @Test
  void aFailingStepIsRecordedWithItsReason() {
    TestRun run = new TestRun();

    assertThatThrownBy(
            () ->
                runner.run(
                    action(
                        "validate",
                        r -> {
                          throw new StepException("table notes: counts differ");
                        }),
                    run,
                    journal))
        .hasMessage("validate: table notes: counts differ");
    verify(journal)
        .failed(
            eq(run),
            eq("validate"),
            eq(StepFailure.of("validate", "table notes: counts differ")),
            anyLong());
  }

  @Test
  void aStepRunToTheEndRecordsItsFailureAndKeepsUnexpectedErrorsAsTheyAre() {
    TestRun run = new TestRun();

    assertThatThrownBy(
            () ->
                runner.runToEnd(
                    action(
                        "switch",
                        r -> {
                          throw new StepException("action 1 (webhook) failed: 503");
                        }),
                    run,
                    journal))
        .isInstanceOf(StepException.class)
        .hasMessage("switch: action 1 (webhook) failed: 503");
    verify(journal)
        .failed(
            eq(run),
            eq("switch"),
            eq(
                new StepFailure(
                    "switch: action 1 (webhook) failed: 503", "action 1 (webhook) failed: 503")),
            anyLong());
    IllegalStateException unexpected = new IllegalStateException("control schema unreachable");
    assertThatThrownBy(
            () ->
                runner.runToEnd(
                    action(
                        "switch",
                        r -> {
                          throw unexpected;
                        }),
                    run,
                    journal))
        .isSameAs(unexpected);
    verify(journal)
        .failed(
            eq(run),
            eq("switch"),
            eq(
                StepFailure.of(
                    "switch",
                    "unexpected error: java.lang.IllegalStateException: control schema"
                        + " unreachable")),
            anyLong());
  }

  @Test
  void aStepRunToTheEndRecordsWhatItDid() {
    TestRun run = new TestRun();

    assertThat(runner.runToEnd(action("switch", r -> "webhook: 200"), run, journal))
        .isEqualTo("webhook: 200");
    verify(journal).started(run, "switch");
    verify(journal).ended(eq(run), eq("switch"), eq("webhook: 200"), anyLong());
  }

  static <R extends StepRun> StepAction<R> action(String name, Function<R, String> body) {
    return new StepAction<>() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String run(R run) {
        return body.apply(run);
      }
    };
  }
}
