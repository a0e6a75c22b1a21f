package io.tributary.source.spi.capture;

import io.tributary.common.control.MigrationState;
import io.tributary.common.plan.SourceKind;

/**
 * A source as recorded in the control schema, with its migration's state.
 *
 * @param migration the migration id
 * @param source the plan's source name
 * @param kind its kind; null when the recorded one is unknown to this version
 * @param location the file path or URL
 * @param state the migration's state
 */
public record SourceState(
    String migration, String source, SourceKind kind, String location, String state) {
  /** Where the source is, for logs and messages: a URL never shows its password. */
  public String displayLocation() {
    return CapturedSource.displayLocation(kind, location);
  }

  /** The kind as plans spell it ({@code sqlite}), for logs and messages. */
  public String kindName() {
    return CapturedSource.kindName(kind);
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
