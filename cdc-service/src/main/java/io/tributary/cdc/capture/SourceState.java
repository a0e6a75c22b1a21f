package io.tributary.cdc.capture;

import io.tributary.common.control.MigrationState;

/**
 * A source as recorded in the control schema, with its migration's state.
 *
 * @param migration the migration id
 * @param source the plan's source name
 * @param kind sqlite, postgres, ...
 * @param location the file path or URL
 * @param state the migration's state
 */
public record SourceState(
    String migration, String source, String kind, String location, String state) {
  /** Where the source is, for logs and messages: a URL never shows its password. */
  public String displayLocation() {
    return CapturedSource.displayLocation(kind, location);
  }

  /** {@code migration/source}, as captures are named. */
  public String id() {
    return migration + "/" + source;
  }

  /**
   * True while the migration may still capture this source (an unknown state counts as active, so
   * nothing is removed on a guess).
   */
  public boolean active() {
    try {
      return MigrationState.valueOf(state).isActive();
    } catch (IllegalArgumentException e) {
      return true;
    }
  }
}
