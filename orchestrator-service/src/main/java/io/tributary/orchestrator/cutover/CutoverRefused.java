package io.tributary.orchestrator.cutover;

import io.tributary.common.control.MigrationState;
import io.tributary.orchestrator.state.MigrationRecord;

/** An operator command that cannot run now (answered with 409, or refused on the topic). */
public class CutoverRefused extends RuntimeException {
  private final String migration;
  private final MigrationState state;

  public CutoverRefused(String migration, MigrationState state, String message) {
    super(message);
    this.migration = migration;
    this.state = state;
  }

  /**
   * Refuses unless the migration is in {@code expected}, saying {@code "migration 'm' is STATE:
   * why"}.
   */
  public static void unlessIn(MigrationRecord record, MigrationState expected, String why) {
    if (record.state() != expected) {
      throw inState(record, why);
    }
  }

  /**
   * The refusal of a command the migration's state does not allow: {@code "migration 'm' is STATE:
   * why"}.
   */
  public static CutoverRefused inState(MigrationRecord record, String why) {
    return new CutoverRefused(
        record.id(),
        record.state(),
        "migration '" + record.id() + "' is " + record.state() + ": " + why);
  }

  public String migration() {
    return migration;
  }

  public MigrationState state() {
    return state;
  }
}
