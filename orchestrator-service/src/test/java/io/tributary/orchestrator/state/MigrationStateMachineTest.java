package io.tributary.orchestrator.state;

import static io.tributary.common.control.MigrationState.ABANDONED;
import static io.tributary.common.control.MigrationState.CUTTING_OVER;
import static io.tributary.common.control.MigrationState.CUT_OVER;
import static io.tributary.common.control.MigrationState.FAILED;
import static io.tributary.common.control.MigrationState.FALLING_BACK;
import static io.tributary.common.control.MigrationState.FELL_BACK;
import static io.tributary.common.control.MigrationState.FINISHED;
import static io.tributary.common.control.MigrationState.PLANNED;
import static io.tributary.common.control.MigrationState.PROVISIONED;
import static io.tributary.common.control.MigrationState.REPLICATING;
import static io.tributary.common.control.MigrationState.ROLLED_BACK;
import static io.tributary.common.control.MigrationState.SNAPSHOTTING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.common.control.MigrationState;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MigrationStateMachineTest {

  @Test
  @DisplayName("A migration is created PLANNED")
  void initialState() {
    assertThat(MigrationStateMachine.INITIAL).isEqualTo(PLANNED);
  }

  @Test
  @DisplayName("The happy path leads from PLANNED through every stage to CUT_OVER")
  void happyPath() {
    MigrationState[] path = {
      PLANNED, PROVISIONED, SNAPSHOTTING, REPLICATING, CUTTING_OVER, CUT_OVER
    };
    for (int i = 0; i + 1 < path.length; i++) {
      assertThat(MigrationStateMachine.allows(path[i], path[i + 1]))
          .as("%s -> %s", path[i], path[i + 1])
          .isTrue();
    }
  }

  @Test
  @DisplayName("A cutover can be rolled back, and only a cutover")
  void rollback() {
    assertThat(MigrationStateMachine.allows(CUTTING_OVER, ROLLED_BACK)).isTrue();
    assertThat(MigrationStateMachine.allows(REPLICATING, ROLLED_BACK)).isFalse();
  }

  @Test
  @DisplayName("After a rollback replication goes on and another cutover may start")
  void cutoverAgainAfterRollback() {
    assertThat(MigrationStateMachine.allows(ROLLED_BACK, CUTTING_OVER)).isTrue();
    assertThat(MigrationStateMachine.allows(ROLLED_BACK, CUT_OVER)).isFalse();
    assertThat(MigrationStateMachine.allows(ROLLED_BACK, REPLICATING)).isFalse();
    assertThat(MigrationStateMachine.isFinal(ROLLED_BACK)).isFalse();
  }

  @ParameterizedTest
  @EnumSource(
      value = MigrationState.class,
      names = {
        "PLANNED",
        "PROVISIONED",
        "SNAPSHOTTING",
        "REPLICATING",
        "CUTTING_OVER",
        "ROLLED_BACK"
      })
  @DisplayName("Every state before the end can fail")
  void everyActiveStateCanFail(MigrationState state) {
    assertThat(MigrationStateMachine.allows(state, FAILED)).isTrue();
    assertThat(MigrationStateMachine.isFinal(state)).isFalse();
  }

  @ParameterizedTest
  @EnumSource(
      value = MigrationState.class,
      names = {"PLANNED", "PROVISIONED", "SNAPSHOTTING", "REPLICATING", "ROLLED_BACK", "FAILED"})
  @DisplayName("An operator may abandon a migration that is not cutting over nor cut over")
  void abandon(MigrationState state) {
    assertThat(MigrationStateMachine.allows(state, ABANDONED)).isTrue();
  }

  @Test
  @DisplayName("A cutover under way or done cannot be abandoned; FAILED leads only to ABANDONED")
  void noAbandonAroundTheSwitch() {
    assertThat(MigrationStateMachine.allows(CUTTING_OVER, ABANDONED)).isFalse();
    assertThat(MigrationStateMachine.allows(CUT_OVER, ABANDONED)).isFalse();
    assertThat(MigrationStateMachine.nextStates(FAILED)).containsExactly(ABANDONED);
  }

  @ParameterizedTest
  @EnumSource(
      value = MigrationState.class,
      names = {"FINISHED", "ABANDONED"})
  @DisplayName("Final states lead nowhere")
  void finalStates(MigrationState state) {
    assertThat(MigrationStateMachine.isFinal(state)).isTrue();
    assertThat(MigrationStateMachine.nextStates(state)).isEmpty();
    for (MigrationState to : MigrationState.values()) {
      assertThat(MigrationStateMachine.allows(state, to)).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(MigrationState.class)
  @DisplayName("No state moves to itself")
  void noSelfTransitions(MigrationState state) {
    assertThat(MigrationStateMachine.allows(state, state)).isFalse();
  }

  @Test
  @DisplayName(
      "When a step is skipped, the exception names the migration, both states and the options")
  void skippingAStepThrows() {
    assertThatThrownBy(() -> MigrationStateMachine.check("ai-pa", PLANNED, REPLICATING))
        .isInstanceOf(InvalidTransitionException.class)
        .hasMessage(
            "migration 'ai-pa' cannot move from PLANNED to REPLICATING: from PLANNED it may move to"
                + " [PROVISIONED, FAILED, ABANDONED]")
        .satisfies(
            e -> {
              InvalidTransitionException invalid = (InvalidTransitionException) e;
              assertThat(invalid.migration()).isEqualTo("ai-pa");
              assertThat(invalid.from()).isEqualTo(PLANNED);
              assertThat(invalid.to()).isEqualTo(REPLICATING);
            });
  }

  @Test
  @DisplayName("When a final state is left, the exception says the state is final")
  void leavingAFinalStateThrows() {
    assertThatThrownBy(() -> MigrationStateMachine.check("ai-pa", FINISHED, REPLICATING))
        .isInstanceOf(InvalidTransitionException.class)
        .hasMessage(
            "migration 'ai-pa' cannot move from FINISHED to REPLICATING: FINISHED is final");
  }

  @Test
  @DisplayName("Allowed transitions pass the check")
  void allowedTransitionPasses() {
    MigrationStateMachine.check("ai-pa", SNAPSHOTTING, REPLICATING);
  }

  @Test
  @DisplayName("After a cutover: finish, or fall back and cut over again")
  void fallbackWindow() {
    assertThat(MigrationStateMachine.allows(CUT_OVER, FINISHED)).isTrue();
    assertThat(MigrationStateMachine.allows(CUT_OVER, FALLING_BACK)).isTrue();
    assertThat(MigrationStateMachine.allows(FALLING_BACK, FELL_BACK)).isTrue();
    assertThat(MigrationStateMachine.allows(FALLING_BACK, CUT_OVER)).isTrue();
    assertThat(MigrationStateMachine.allows(FELL_BACK, CUTTING_OVER)).isTrue();
    assertThat(MigrationStateMachine.allows(CUT_OVER, ABANDONED)).isFalse();
    assertThat(MigrationStateMachine.allows(FELL_BACK, CUT_OVER)).isFalse();
  }
}
