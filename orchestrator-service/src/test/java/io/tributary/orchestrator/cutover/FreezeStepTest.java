package io.tributary.orchestrator.cutover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import io.tributary.source.spi.freeze.FreezeOutcome;
import io.tributary.source.spi.freeze.FrozenSource;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

class FreezeStepTest {
  private final SourceFreezer freezer = mock(SourceFreezer.class);
  private final CutoverJournal journal = mock(CutoverJournal.class);
  private final CutoverHooks hooks = new CutoverHooks();
  private final FreezeStep step = new FreezeStep(freezer, journal, hooks);

  private static final FrozenSource APP =
      new FrozenSource("app", FrozenSource.SQLITE_TRIGGERS, null, List.of("notes"));
  private static final FrozenSource SHOP_INTENT =
      new FrozenSource("shop", FrozenSource.READ_ONLY_ROLES, "shop", List.of());
  private static final FrozenSource SHOP_RESOLVED =
      new FrozenSource("shop", FrozenSource.READ_ONLY_ROLES, "shop", List.of("shop_app"));
  private static final FrozenSource SHOP_DONE = SHOP_RESOLVED;

  /** The plan names no roles for "shop": the roles are found when the freeze begins. */
  private CutoverRun planned() {
    CutoverRun run = TestRuns.run();
    when(freezer.intent(TestRuns.APP, run.plan())).thenReturn(APP);
    when(freezer.intent(TestRuns.SHOP, run.plan())).thenReturn(SHOP_INTENT);
    when(freezer.resolve(eq(TestRuns.APP), eq(APP), any(), any())).thenReturn(APP);
    when(freezer.resolve(eq(TestRuns.SHOP), eq(SHOP_INTENT), any(), any()))
        .thenReturn(SHOP_RESOLVED);
    return run;
  }

  @Test
  void recordsWhatItWillDoBeforeActingAndWhatItDidAfter() {
    CutoverRun run = planned();
    when(freezer.freeze(eq(TestRuns.APP), eq(APP), any(), anyString(), any()))
        .thenReturn(new FreezeOutcome(APP, "app: 1 table read-only"));
    when(freezer.freeze(eq(TestRuns.SHOP), eq(SHOP_RESOLVED), any(), anyString(), any()))
        .thenReturn(new FreezeOutcome(SHOP_DONE, "shop: role shop_app read-only"));

    String detail = step.run(run);

    assertThat(detail).isEqualTo("app: 1 table read-only; shop: role shop_app read-only");
    assertThat(run.frozen()).containsExactly(APP, SHOP_DONE);
    InOrder order = inOrder(journal, freezer);
    order.verify(freezer).resolve(eq(TestRuns.SHOP), eq(SHOP_INTENT), any(), any());
    order.verify(journal).frozen(run.cutover(), List.of(APP, SHOP_RESOLVED));
    order.verify(freezer).freeze(eq(TestRuns.APP), eq(APP), any(), anyString(), any());
    order.verify(freezer).freeze(eq(TestRuns.SHOP), eq(SHOP_RESOLVED), any(), anyString(), any());
    order.verify(journal).frozen(run.cutover(), List.of(APP, SHOP_DONE));
  }

  @Test
  void aFreezeThatFailsHalfWayLeavesEveryIntentForTheRollback() {
    CutoverRun run = planned();
    when(freezer.freeze(eq(TestRuns.APP), eq(APP), any(), anyString(), any()))
        .thenReturn(new FreezeOutcome(APP, "app: 1 table read-only"));
    when(freezer.freeze(eq(TestRuns.SHOP), eq(SHOP_RESOLVED), any(), anyString(), any()))
        .thenThrow(new CutoverStepException("shop: permission denied to alter role"));

    assertThatThrownBy(() -> step.run(run)).hasMessage("shop: permission denied to alter role");
    // the roles found for "shop" are what the rollback resets, not the plan's empty list
    assertThat(run.frozen()).containsExactly(APP, SHOP_RESOLVED);
  }

  @Test
  void aFailureAfterTheRolesWereFrozenLeavesThemForTheRollback() {
    CutoverRun run = planned();
    when(freezer.freeze(eq(TestRuns.APP), eq(APP), any(), anyString(), any()))
        .thenReturn(new FreezeOutcome(APP, "app: 1 table read-only"));
    when(freezer.freeze(eq(TestRuns.SHOP), eq(SHOP_RESOLVED), any(), anyString(), any()))
        .thenReturn(new FreezeOutcome(SHOP_DONE, "shop: role shop_app read-only"));
    hooks.at(
        CutoverHooks.Point.SOURCE_FROZEN,
        migration -> {
          throw new CutoverStepException("the orchestrator stops here");
        });

    assertThatThrownBy(() -> step.run(run)).hasMessage("the orchestrator stops here");
    verify(journal).frozen(run.cutover(), List.of(APP, SHOP_RESOLVED));
    assertThat(run.frozen()).containsExactly(APP, SHOP_RESOLVED);
  }

  @Test
  void aSourceWhoseRolesCannotBeFoundFreezesNothing() {
    CutoverRun run = planned();
    when(freezer.resolve(eq(TestRuns.SHOP), eq(SHOP_INTENT), any(), any()))
        .thenThrow(new CutoverStepException("could not find the application roles of shop"));

    assertThatThrownBy(() -> step.run(run))
        .hasMessage("could not find the application roles of shop");
    verify(freezer, never()).freeze(any(), any(), any(), anyString(), any());
    verifyNoInteractions(journal);
  }

  @Test
  void theRefusalNamesTheMigrationAndTheCutover() {
    assertThat(FreezeStep.refusal(TestRuns.cutover("letta")))
        .isEqualTo(
            "tributary: this database has moved to PostgreSQL (migration letta, cutover 7);"
                + " writes here are refused");
  }
}
