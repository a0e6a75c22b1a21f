package io.tributary.orchestrator.cutover;

import io.tributary.common.control.MigrationState;

/** An operator command that cannot run now (answered with 409, or refused on the topic). */
public class CutoverRefused extends RuntimeException {
  private final String migration;
  private final MigrationState state;

  public CutoverRefused(String migration, MigrationState state, String message) {
    super(message);
    this.migration = migration;
    this.state = state;
  }

  public String migration() {
    return migration;
  }

  public MigrationState state() {
    return state;
  }
}
