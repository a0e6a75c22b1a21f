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
  /** The applications use the target; capture and apply have stopped. */
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
  ABANDONED;

  /**
   * True for states whose target tables apply no longer writes: after the cutover they belong to
   * the applications, after an abandon they may be dropped. Records of such migrations still in
   * Kafka are skipped (their offsets stored all the same).
   */
  public boolean closedToApply() {
    return this == CUT_OVER || this == ABANDONED;
  }

  /** True for states capture and apply work in. */
  public boolean isActive() {
    return this == PROVISIONED
        || this == SNAPSHOTTING
        || this == REPLICATING
        || this == CUTTING_OVER
        || this == ROLLED_BACK;
  }

  /** True for states in which capture reads every source (its snapshot, then its changes). */
  public boolean isCapturing() {
    return this == SNAPSHOTTING
        || this == REPLICATING
        || this == CUTTING_OVER
        || this == ROLLED_BACK;
  }
}
