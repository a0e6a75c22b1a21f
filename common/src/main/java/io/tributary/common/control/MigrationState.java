package io.tributary.common.control;

/** The states of a migration (DESIGN.md). */
public enum MigrationState {
  /** Recorded, nothing provisioned yet. */
  PLANNED,
  /** Target schemas and tables exist. */
  PROVISIONED,
  /** Capture is reading the sources' snapshots. */
  SNAPSHOTTING,
  /** Every table's snapshot is captured; changes keep flowing. */
  REPLICATING,
  /** Sources frozen, stream drained, target verified and finalized, applications switched. */
  CUTTING_OVER,
  /**
   * The applications use the target; forward capture and apply have stopped. While the plan's
   * fallback window is open the target's changes are written back into the sources (still read-only
   * for the applications), so a fallback loses nothing.
   */
  CUT_OVER,
  /**
   * A cutover failed or was called off before the switch: the sources are writable again and
   * changes keep flowing, as in REPLICATING; another cutover may be tried.
   */
  ROLLED_BACK,
  /** Stopped by an error an operator has to look at. */
  FAILED,
  /**
   * Given up by an operator ({@code DELETE /migrations/{id}}): capture and apply stopped, the
   * sources' change capture and the migration's topics removed (and, when asked, its target
   * schemas); its id may be used again.
   */
  ABANDONED,
  /**
   * A fallback is running ({@code POST /migrations/{id}/fallback}): the target schemas frozen, the
   * written-back changes drained and verified, the applications switched back to the sources.
   */
  FALLING_BACK,
  /**
   * The applications use the sources again, with every change made on the target during the window;
   * capture streams the sources' changes into the target again (no new snapshot), and another
   * cutover may start, as after a rollback.
   */
  FELL_BACK,
  /**
   * The fallback window ended ({@code POST /migrations/{id}/finish}, or its time ran out): nothing
   * is written back any more and the target is the applications' only database.
   */
  FINISHED;

  /**
   * True for states whose target tables apply no longer writes: after the cutover they belong to
   * the applications, after an abandon they may be dropped. Records of such migrations still in
   * Kafka are skipped (their offsets stored all the same).
   */
  public boolean closedToApply() {
    return this == CUT_OVER || this == ABANDONED || this == FINISHED;
  }

  /** True for the states in which the target's changes are written back into the sources. */
  public boolean writesBack() {
    return this == CUT_OVER || this == FALLING_BACK;
  }

  /** True for states capture and apply work in. */
  public boolean isActive() {
    return this == PROVISIONED
        || this == SNAPSHOTTING
        || this == REPLICATING
        || this == CUTTING_OVER
        || this == ROLLED_BACK
        || this == FALLING_BACK
        || this == FELL_BACK;
  }

  /**
   * True for states in which capture reads every source (its snapshot, then its changes). In
   * FALLING_BACK the sources' change capture is installed again while they are still frozen (so the
   * applications' first writes after the switch back wait in it), and read from FELL_BACK on.
   */
  public boolean isCapturing() {
    return this == SNAPSHOTTING
        || this == REPLICATING
        || this == CUTTING_OVER
        || this == ROLLED_BACK
        || this == FELL_BACK;
  }

  /** True for the states a cutover may start from. */
  public boolean mayCutOver() {
    return this == REPLICATING || this == ROLLED_BACK || this == FELL_BACK;
  }
}
