package io.tributary.source.spi.freeze;

import io.tributary.common.plan.CutoverPlan;
import io.tributary.common.plan.SourceKind;
import java.time.Duration;
import java.util.List;

/**
 * The freeze for a cutover of one {@link SourceKind}: how the applications' writes on a source of
 * that kind are stopped, and restarted on a rollback. One per kind, offered by its {@link
 * io.tributary.source.spi.SourceKindModule} and chosen by the cutover's freeze through {@link
 * #kind}.
 */
public interface KindFreezer {

  /** The kind of source it freezes. */
  SourceKind kind();

  /**
   * What the freeze of {@code source} will do (recorded before it acts).
   *
   * @throws RuntimeException when the plan does not allow it (the cutover is refused)
   */
  FrozenSource intent(CutoverSource source, CutoverPlan plan);

  /**
   * Exactly what the freeze of {@code source} will touch, looked up now (for roles discovered from
   * the source's privileges: their names), so that it is recorded before anything is frozen and a
   * rollback, or a restarted orchestrator, undoes all of it. The intent itself by default.
   */
  default FrozenSource resolve(
      CutoverSource source, FrozenSource intent, CutoverPlan plan, Duration timeout) {
    return intent;
  }

  /**
   * Freezes a source as {@code intent} says.
   *
   * @param message what a refused write says, where the source can say it
   * @return what was done (for roles: the roles actually made read-only)
   */
  FreezeOutcome freeze(
      CutoverSource source,
      FrozenSource intent,
      CutoverPlan plan,
      String message,
      Duration timeout);

  /**
   * Whether the freeze of {@code source} could run now, without freezing anything: the access and
   * the privileges it needs (for a rehearsal, {@code cutover --check}).
   */
  List<CutoverCheck> check(CutoverSource source, CutoverPlan plan, Duration timeout);

  /** Undoes a freeze (idempotent); a description of what was undone. */
  String unfreeze(CutoverSource source, FrozenSource frozen, CutoverPlan plan, Duration timeout);

  /**
   * Before a fallback switches the applications back to a source whose freeze the switch back
   * itself undoes (PgBouncer's pause, resumed pointing at the source): lifts what the freeze left
   * on the source itself (PostgreSQL: the write guard), so that the applications' first writes
   * there are taken. Must not resume anything. Idempotent; null when there is nothing to lift.
   */
  default String beforeSwitchBack(
      CutoverSource source, FrozenSource frozen, CutoverPlan plan, Duration timeout) {
    return null;
  }
}
