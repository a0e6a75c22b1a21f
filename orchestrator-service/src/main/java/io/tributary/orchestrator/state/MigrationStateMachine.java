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

import io.tributary.common.control.MigrationState;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Which state a migration may move to from which: the one place that says so. Every state change
 * the orchestrator records is checked here first.
 *
 * <pre>
 *   (new) ──▶ PLANNED ──▶ PROVISIONED ──▶ SNAPSHOTTING ──▶ REPLICATING ──▶ CUTTING_OVER ──▶ CUT_OVER
 *                │             │               │                │             ▲     │
 *                │             │               │                │             │     ▼
 *                │             │               │                │          ROLLED_BACK
 *                └─────────────┴───────────────┴────────────────┴──────────┴──▶ FAILED
 *
 *   CUT_OVER ──▶ FINISHED            (the fallback window ends)
 *   CUT_OVER ──▶ FALLING_BACK ──▶ FELL_BACK ──▶ CUTTING_OVER ...   (a fallback, then a new cutover)
 *                     └──▶ CUT_OVER  (a fallback that failed before its switch back)
 * </pre>
 *
 * A cutover that fails or is called off before its switch rolls back: the sources are writable
 * again and replication goes on in ROLLED_BACK, from which another cutover may start. An operator
 * may abandon a migration (ABANDONED) from any state but CUTTING_OVER and CUT_OVER, FAILED
 * included. After a cutover the fallback window is open: a fallback takes the applications back to
 * the sources (FELL_BACK replicates again, like ROLLED_BACK), a finish ends the window. FINISHED
 * and ABANDONED are final; FAILED leads only to ABANDONED.
 */
public final class MigrationStateMachine {
  /** The state every migration is recorded in. */
  public static final MigrationState INITIAL = PLANNED;

  private static final Map<MigrationState, Set<MigrationState>> ALLOWED = transitionTable();

  private MigrationStateMachine() {}

  private static Map<MigrationState, Set<MigrationState>> transitionTable() {
    Map<MigrationState, Set<MigrationState>> table = new EnumMap<>(MigrationState.class);
    table.put(PLANNED, EnumSet.of(PROVISIONED, FAILED, ABANDONED));
    table.put(PROVISIONED, EnumSet.of(SNAPSHOTTING, FAILED, ABANDONED));
    table.put(SNAPSHOTTING, EnumSet.of(REPLICATING, FAILED, ABANDONED));
    table.put(REPLICATING, EnumSet.of(CUTTING_OVER, FAILED, ABANDONED));
    table.put(CUTTING_OVER, EnumSet.of(CUT_OVER, ROLLED_BACK, FAILED));
    table.put(CUT_OVER, EnumSet.of(FALLING_BACK, FINISHED));
    table.put(ROLLED_BACK, EnumSet.of(CUTTING_OVER, FAILED, ABANDONED));
    table.put(FAILED, EnumSet.of(ABANDONED));
    table.put(ABANDONED, EnumSet.noneOf(MigrationState.class));
    table.put(FALLING_BACK, EnumSet.of(FELL_BACK, CUT_OVER, FAILED));
    table.put(FELL_BACK, EnumSet.of(CUTTING_OVER, FAILED, ABANDONED));
    table.put(FINISHED, EnumSet.noneOf(MigrationState.class));
    return table;
  }

  /** True when a migration in {@code from} may move to {@code to}. */
  public static boolean allows(MigrationState from, MigrationState to) {
    return ALLOWED.get(from).contains(to);
  }

  /** The states a migration in {@code from} may move to (empty for final states). */
  public static Set<MigrationState> nextStates(MigrationState from) {
    return Collections.unmodifiableSet(ALLOWED.get(from));
  }

  /** True for states no migration leaves. */
  public static boolean isFinal(MigrationState state) {
    return ALLOWED.get(state).isEmpty();
  }

  /**
   * Checks a transition.
   *
   * @throws InvalidTransitionException when {@code from} does not lead to {@code to}
   */
  public static void check(String migration, MigrationState from, MigrationState to) {
    if (!allows(from, to)) {
      throw new InvalidTransitionException(migration, from, to, nextStates(from));
    }
  }
}
