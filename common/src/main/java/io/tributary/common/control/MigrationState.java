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
  FAILED;

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
