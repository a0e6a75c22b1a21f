package io.tributary.orchestrator.finalize;

import io.tributary.common.sql.FinalizeStep.Kind;

/**
 * Which finalize steps run when. Foreign keys wait for the drain (apply writes tables in no common
 * order); what grows with the data (validating a foreign key against every row, statistics) stays
 * out of a cutover's write pause.
 */
public enum FinalizePhase {
  /** Before a cutover's freeze, or on request: everything but foreign keys. */
  BEFORE_FREEZE,
  /**
   * Under the freeze, after the drain: foreign keys added {@code NOT VALID} (checked for new rows
   * at once, no scan), sequences past the highest key, whatever an earlier phase did not finish;
   * not the foreign keys' validation nor statistics.
   */
  UNDER_FREEZE,
  /** After the switch: the foreign keys validated against every row, statistics. */
  AFTER_SWITCH,
  /** On request with foreign keys: every step. */
  ALL;

  /** Whether a step of this kind runs in this phase; null when it does, else why not. */
  String skips(Kind kind) {
    return switch (this) {
      case BEFORE_FREEZE ->
          kind.foreignKey()
              ? "foreign keys are added after the drain of a cutover, or with foreignKeys=true"
              : null;
      case UNDER_FREEZE ->
          kind == Kind.VALIDATE || kind == Kind.ANALYZE || kind == Kind.REFRESH
              ? "runs after the cutover's switch, outside the write pause"
              : null;
      case AFTER_SWITCH ->
          kind == Kind.VALIDATE || kind == Kind.ANALYZE || kind == Kind.REFRESH
              ? null
              : "ran before the switch";
      case ALL -> null;
    };
  }
}
