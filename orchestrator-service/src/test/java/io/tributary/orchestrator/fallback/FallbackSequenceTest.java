package io.tributary.orchestrator.fallback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.common.control.MigrationState;
import io.tributary.common.plan.CutoverPlan;
import io.tributary.orchestrator.OrchestratorConfig;
import io.tributary.orchestrator.cutover.CutoverPlans;
import io.tributary.orchestrator.cutover.CutoverRecords;
import io.tributary.orchestrator.cutover.CutoverRepository;
import io.tributary.orchestrator.cutover.CutoverSourceRepository;
import io.tributary.orchestrator.cutover.CutoverStepException;
import io.tributary.orchestrator.cutover.TestRuns;
import io.tributary.orchestrator.state.MigrationRepository;
import io.tributary.orchestrator.step.StepRunner;
import io.tributary.orchestrator.window.FallbackWindows;
import io.vertx.mutiny.sqlclient.Pool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

class FallbackSequenceTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final Pool pool = mock(Pool.class);
  private final CutoverRepository cutovers = mock(CutoverRepository.class);
  private final FallbackJournal journal;
  private final FallbackWindows windows = mock(FallbackWindows.class);
  private final TargetCredentials target = mock(TargetCredentials.class);
  private final SwitchBack switchBack = mock(SwitchBack.class);
  private final FallbackRollback rollback = mock(FallbackRollback.class);
  private final AfterSwitchBack after = mock(AfterSwitchBack.class);
  private final UnfreezeSources sources = mock(UnfreezeSources.class);
  private final StepRunner runner = new StepRunner();
  private final List<String> ran = Collections.synchronizedList(new ArrayList<>());
  private final FallbackRun run =
      new FallbackRun("ops", TestRuns.cutover("m"), CutoverPlan.defaults(), List.of(TestRuns.APP));

  FallbackSequenceTest() {
    OrchestratorConfig config = mock(OrchestratorConfig.class);
    when(config.databaseTimeout()).thenReturn(TIMEOUT);
    journal =
        new FallbackJournal(
            new CutoverRecords(
                pool,
                config,
                mock(MigrationRepository.class),
                cutovers,
                mock(CutoverSourceRepository.class),
                mock(CutoverPlans.class)),
            new ObjectMapper());
    when(target.url()).thenReturn("postgresql://tributary@target/unified");
    when(windows.targetTables("m")).thenReturn(List.of("public.notes"));
    when(windows.switchedFrom("m")).thenReturn("[{}]");
  }

  @AfterEach
  void stop() {
    runner.onStop(null);
  }

  @Test
  void runsEveryStepInOrderThenSwitchesBackAndFinishes() {
    when(switchBack.run(any(), eq("[{}]"), eq("m"), eq(7L), eq(List.of(TestRuns.APP)), any()))
        .thenReturn(List.of("webhook: 200"));
    FallbackReport fellBack = report("fell_back");
    when(after.finish(run, List.of("webhook: 200"))).thenReturn(fellBack);

    FallbackReport report =
        sequence(Map.of("freeze-target", r -> r.targetUrl() + " " + r.targetTables() + " frozen"))
            .run(run);

    assertThat(report).isSameAs(fellBack);
    assertThat(ran).containsExactlyElementsOf(FallbackSequence.STEPS);
    assertThat(run.steps())
        .extracting(FallbackReport.Step::step, FallbackReport.Step::detail)
        .containsExactly(
            tuple("verify", "verify done"),
            tuple("freeze-target", "postgresql://tributary@target/unified [public.notes] frozen"),
            tuple("drain", "drain done"),
            tuple("validate", "validate done"),
            tuple("resume-capture", "resume-capture done"));
    InOrder order = inOrder(cutovers, windows, switchBack, after);
    for (String step : FallbackSequence.STEPS) {
      order.verify(cutovers).step(pool, 7L, step, TIMEOUT);
      order
          .verify(cutovers)
          .stepEvent(
              eq(pool),
              eq("m"),
              eq(MigrationState.FALLING_BACK),
              eq("ops"),
              anyString(),
              eq(7L),
              eq(step),
              anyLong(),
              eq(TIMEOUT));
    }
    order.verify(windows).suspend("m", "fallback 7");
    order.verify(cutovers).switchStarted(pool, 7L, TIMEOUT);
    order.verify(switchBack).run(any(), any(), any(), anyLong(), any(), any());
    order.verify(after).finish(run, List.of("webhook: 200"));
    verify(rollback, never()).rollBack(any(), anyString());
  }

  @Test
  void aFailingStepIsReportedAndRollsBackWithoutSwitchingBack() {
    FallbackReport rolledBack = report("rolled_back");
    String why = "the write-back did not reach fence 7 within 60000 ms (is cdc-service running?)";
    when(rollback.rollBack(run, "drain: " + why)).thenReturn(rolledBack);

    FallbackReport report =
        sequence(
                Map.of(
                    "drain",
                    r -> {
                      throw new IllegalStateException(why);
                    }))
            .run(run);

    assertThat(report).isSameAs(rolledBack);
    assertThat(ran).containsExactly("verify", "freeze-target", "drain");
    assertThat(run.steps())
        .last()
        .extracting(FallbackReport.Step::detail)
        .isEqualTo("failed: " + why);
    verify(cutovers)
        .stepEvent(
            eq(pool),
            eq("m"),
            eq(MigrationState.FALLING_BACK),
            eq("ops"),
            eq("failed: " + why),
            eq(7L),
            eq("drain"),
            anyLong(),
            eq(TIMEOUT));
    verify(windows, never()).suspend(anyString(), anyString());
    verify(cutovers, never()).switchStarted(any(), anyLong(), any());
    verify(switchBack, never()).run(any(), any(), any(), anyLong(), any(), any());
    assertThat(run.windowSuspended()).isFalse();
  }

  @Test
  void aStepThatCannotBeRecordedAsStartedRollsBack() {
    doThrow(new IllegalStateException("Timeout waiting for the database"))
        .when(cutovers)
        .step(pool, 7L, "validate", TIMEOUT);

    sequence(Map.of()).run(run);

    assertThat(ran).containsExactly("verify", "freeze-target", "drain");
    verify(rollback).rollBack(run, "Timeout waiting for the database");
  }

  @Test
  void aFirstSwitchBackActionThatFailsRollsBackWithTheWindowSuspended() {
    when(switchBack.run(any(), any(), any(), anyLong(), any(), any()))
        .thenThrow(new CutoverStepException("action 1 (webhook) failed: 503"));

    sequence(Map.of()).run(run);

    verify(rollback).rollBack(run, "switch back: action 1 (webhook) failed: 503");
    verify(after, never()).finish(any(), any());
    assertThat(run.windowSuspended()).isTrue();
  }

  @Test
  void aWriteGuardThatCannotBeLiftedRollsBackBeforeTheSwitchBack() {
    when(sources.beforeSwitchBack(run))
        .thenThrow(
            new IllegalStateException(
                "before the switch back, events-app's write guard could not be dropped: down"));

    sequence(Map.of()).run(run);

    verify(rollback)
        .rollBack(
            run, "before the switch back, events-app's write guard could not be dropped: down");
    verify(switchBack, never()).run(any(), any(), any(), anyLong(), any(), any());
    assertThat(run.windowSuspended()).isTrue();
  }

  @Test
  void everyStepNeedsExactlyOneAction() {
    List<FallbackStep> missing = new ArrayList<>(actions(Map.of()));
    missing.remove(0);
    assertThatThrownBy(() -> sequence(missing))
        .hasMessage("no action for the fallback step verify");
    List<FallbackStep> twice = new ArrayList<>(actions(Map.of()));
    twice.add(twice.get(2));
    assertThatThrownBy(() -> sequence(twice)).hasMessage("two actions for the fallback step drain");
  }

  private FallbackSequence sequence(Map<String, Function<FallbackRun, String>> overrides) {
    return sequence(actions(overrides));
  }

  private FallbackSequence sequence(List<FallbackStep> actions) {
    return new FallbackSequence(
        runner, actions, journal, windows, target, switchBack, rollback, after, sources);
  }

  /** One action per step that notes it ran; {@code overrides} act after noting. */
  private List<FallbackStep> actions(Map<String, Function<FallbackRun, String>> overrides) {
    List<FallbackStep> out = new ArrayList<>();
    for (String step : FallbackSequence.STEPS) {
      out.add(
          new FallbackStep() {
            @Override
            public String name() {
              return step;
            }

            @Override
            String act(FallbackRun r) {
              ran.add(step);
              Function<FallbackRun, String> body = overrides.get(step);
              return body == null ? step + " done" : body.apply(r);
            }
          });
    }
    return out;
  }

  private static FallbackReport report(String outcome) {
    return new FallbackReport("m", 7, "X", outcome, null, List.of(), outcome);
  }
}
