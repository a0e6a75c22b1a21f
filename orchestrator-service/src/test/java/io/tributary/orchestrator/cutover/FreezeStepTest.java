package io.tributary.orchestrator.cutover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

class FreezeStepTest {
  private final SourceFreezer freezer = mock(SourceFreezer.class);
  private final CutoverJournal journal = mock(CutoverJournal.class);
  private final FreezeStep step = new FreezeStep(freezer, journal);

  private static final FrozenSource APP =
      new FrozenSource("app", FrozenSource.SQLITE_TRIGGERS, null, List.of("notes"));
  private static final FrozenSource SHOP_INTENT =
      new FrozenSource("shop", FrozenSource.READ_ONLY_ROLES, "shop", List.of());
  private static final FrozenSource SHOP_DONE =
      new FrozenSource("shop", FrozenSource.READ_ONLY_ROLES, "shop", List.of("shop_app"));

  @Test
  void recordsWhatItWillDoBeforeActingAndWhatItDidAfter() {
    CutoverRun run = TestRuns.run();
    when(freezer.intent(TestRuns.APP, run.plan())).thenReturn(APP);
    when(freezer.intent(TestRuns.SHOP, run.plan())).thenReturn(SHOP_INTENT);
    when(freezer.freeze(eq(TestRuns.APP), eq(APP), any(), anyString(), any()))
        .thenReturn(new SourceFreezer.FreezeOutcome(APP, "app: 1 table read-only"));
    when(freezer.freeze(eq(TestRuns.SHOP), eq(SHOP_INTENT), any(), anyString(), any()))
        .thenReturn(new SourceFreezer.FreezeOutcome(SHOP_DONE, "shop: role shop_app read-only"));

    String detail = step.run(run);

    assertThat(detail).isEqualTo("app: 1 table read-only; shop: role shop_app read-only");
    assertThat(run.frozen()).containsExactly(APP, SHOP_DONE);
    InOrder order = inOrder(journal, freezer);
    order.verify(journal).frozen(run.cutover(), List.of(APP, SHOP_INTENT));
    order.verify(freezer).freeze(eq(TestRuns.APP), eq(APP), any(), anyString(), any());
    order.verify(freezer).freeze(eq(TestRuns.SHOP), eq(SHOP_INTENT), any(), anyString(), any());
    order.verify(journal).frozen(run.cutover(), List.of(APP, SHOP_DONE));
  }

  @Test
  void aFreezeThatFailsHalfWayLeavesEveryIntentForTheRollback() {
    CutoverRun run = TestRuns.run();
    when(freezer.intent(TestRuns.APP, run.plan())).thenReturn(APP);
    when(freezer.intent(TestRuns.SHOP, run.plan())).thenReturn(SHOP_INTENT);
    when(freezer.freeze(eq(TestRuns.APP), eq(APP), any(), anyString(), any()))
        .thenReturn(new SourceFreezer.FreezeOutcome(APP, "app: 1 table read-only"));
    when(freezer.freeze(eq(TestRuns.SHOP), eq(SHOP_INTENT), any(), anyString(), any()))
        .thenThrow(new CutoverStepException("shop: permission denied to alter role"));

    assertThatThrownBy(() -> step.run(run)).hasMessage("shop: permission denied to alter role");
    assertThat(run.frozen()).containsExactly(APP, SHOP_INTENT);
  }

  @Test
  void theRefusalNamesTheMigrationAndTheCutover() {
    assertThat(FreezeStep.refusal(TestRuns.cutover("letta")))
        .isEqualTo(
            "tributary: this database has moved to PostgreSQL (migration letta, cutover 7);"
                + " writes here are refused");
  }
}
