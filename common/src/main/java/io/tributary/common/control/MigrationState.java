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
  CUTTING_OVER,
  CUT_OVER,
  ROLLED_BACK,
  FAILED;

  /** True for states capture and apply work in. */
  public boolean isActive() {
    return this == PROVISIONED
        || this == SNAPSHOTTING
        || this == REPLICATING
        || this == CUTTING_OVER;
  }
}
