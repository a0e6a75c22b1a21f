package io.tributary.orchestrator.state;

import io.tributary.common.control.MigrationState;

/** A plan whose migration id is already recorded. */
public class MigrationConflictException extends RuntimeException {
  private final String id;
  private final MigrationState state;

  public MigrationConflictException(String id, MigrationState state) {
    this(
        id,
        state,
        "migration '"
            + id
            + "' already exists ("
            + state
            + "); abandon it first (DELETE /migrations/"
            + id
            + ") to use its id again");
  }

  public MigrationConflictException(String id, MigrationState state, String message) {
    super(message);
    this.id = id;
    this.state = state;
  }

  public String id() {
    return id;
  }

  /** The existing migration's state. */
  public MigrationState state() {
    return state;
  }
}
