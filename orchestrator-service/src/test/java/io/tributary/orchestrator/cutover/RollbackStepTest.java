package io.tributary.orchestrator.cutover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.tributary.orchestrator.finalize.ForeignKeyWithdrawal;
import io.tributary.orchestrator.window.FallbackWindows;
import io.tributary.source.spi.freeze.FrozenSource;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

class RollbackStepTest {
  private final SourceFreezer freezer = mock(SourceFreezer.class);
  private final ForeignKeyWithdrawal foreignKeys = mock(ForeignKeyWithdrawal.class);
  private final RollbackStep step =
      new RollbackStep(freezer, foreignKeys, mock(FallbackWindows.class));

  {
    // a migration without foreign keys, unless a test says otherwise
    when(foreignKeys.withdraw(any(), any())).thenReturn("");
  }

  private static final FrozenSource APP_TRIGGERS =
      new FrozenSource("app", FrozenSource.SQLITE_TRIGGERS, null, List.of("notes"));
  private static final FrozenSource SHOP_ROLES =
      new FrozenSource("shop", FrozenSource.READ_ONLY_ROLES, "shop", List.of("shop_app"));

  @Test
  void nothingFrozenNothingToUndo() {
    CutoverRun run = TestRuns.run();

    assertThat(step.run(run)).isEqualTo("nothing was frozen");
    assertThat(run.stillFrozen()).isEmpty();
  }

  @Test
  void foreignKeysAreDroppedBeforeTheSourcesTakeWritesAgain() {
    CutoverRun run = TestRuns.run();
    run.frozen(List.of(APP_TRIGGERS));
    when(foreignKeys.withdraw(eq(run.migration()), any()))
        .thenReturn("foreign keys dropped until the next cutover: notes fk");
    when(freezer.unfreeze(eq(TestRuns.APP), eq(APP_TRIGGERS), any(), any()))
        .thenReturn("app: read-only triggers dropped");

    assertThat(step.run(run))
        .isEqualTo(
            "foreign keys dropped until the next cutover: notes fk;"
                + " app: read-only triggers dropped");
    InOrder order = inOrder(foreignKeys, freezer);
    order.verify(foreignKeys).withdraw(eq(run.migration()), any());
    order.verify(freezer).unfreeze(eq(TestRuns.APP), eq(APP_TRIGGERS), any(), any());
  }

  @Test
  void foreignKeysThatCannotBeDroppedDoNotKeepTheSourcesFrozen() {
    CutoverRun run = TestRuns.run();
    run.frozen(List.of(APP_TRIGGERS));
    when(foreignKeys.withdraw(eq(run.migration()), any()))
        .thenThrow(new IllegalStateException("lock timeout"));
    when(freezer.unfreeze(eq(TestRuns.APP), eq(APP_TRIGGERS), any(), any()))
        .thenReturn("app: read-only triggers dropped");

    assertThat(step.run(run))
        .startsWith("foreign keys NOT dropped (lock timeout)")
        .endsWith("; app: read-only triggers dropped");
    assertThat(run.stillFrozen()).isEmpty();
  }

  @Test
  void aSourceThatFailsToUnfreezeIsTriedAgain() {
    CutoverRun run = TestRuns.run();
    run.frozen(List.of(APP_TRIGGERS));
    when(freezer.unfreeze(eq(TestRuns.APP), eq(APP_TRIGGERS), any(), any()))
        .thenThrow(new IllegalStateException("database is locked"))
        .thenReturn("app: read-only triggers dropped");

    assertThat(step.run(run)).isEqualTo("app: read-only triggers dropped");
    assertThat(run.stillFrozen()).isEmpty();
    verify(freezer, times(2)).unfreeze(eq(TestRuns.APP), eq(APP_TRIGGERS), any(), any());
  }

  @Test
  void aSourceStillFrozenAfterEveryAttemptIsNamedAndTheOthersAreUndone() {
    CutoverRun run = TestRuns.run();
    run.frozen(List.of(APP_TRIGGERS, SHOP_ROLES));
    when(freezer.unfreeze(eq(TestRuns.APP), eq(APP_TRIGGERS), any(), any()))
        .thenThrow(new IllegalStateException("disk I/O error"));
    when(freezer.unfreeze(eq(TestRuns.SHOP), eq(SHOP_ROLES), any(), any()))
        .thenReturn("shop: roles writable");

    String detail = step.run(run);

    assertThat(detail)
        .isEqualTo("shop: roles writable; STILL FROZEN: app (sqlite-triggers): disk I/O error");
    assertThat(run.stillFrozen()).containsExactly("app (sqlite-triggers): disk I/O error");
    verify(freezer, times(RollbackStep.ATTEMPTS))
        .unfreeze(eq(TestRuns.APP), eq(APP_TRIGGERS), any(), any());
  }
}
