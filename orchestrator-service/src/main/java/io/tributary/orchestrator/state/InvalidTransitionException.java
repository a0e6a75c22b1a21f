package io.tributary.orchestrator.state;

import io.tributary.common.control.MigrationState;
import java.util.Set;
import java.util.TreeSet;

/** A state change the {@link MigrationStateMachine} does not allow. */
public class InvalidTransitionException extends RuntimeException {
  private final String migration;
  private final MigrationState from;
  private final MigrationState to;

  public InvalidTransitionException(
      String migration, MigrationState from, MigrationState to, Set<MigrationState> allowed) {
    super(message(migration, from, to, allowed));
    this.migration = migration;
    this.from = from;
    this.to = to;
  }

  private static String message(
      String migration, MigrationState from, MigrationState to, Set<MigrationState> allowed) {
    String options =
        allowed.isEmpty()
            ? from + " is final"
            : "from " + from + " it may move to " + new TreeSet<>(allowed);
    return "migration '" + migration + "' cannot move from " + from + " to " + to + ": " + options;
  }

  public String migration() {
    return migration;
  }

  public MigrationState from() {
    return from;
  }

  public MigrationState to() {
    return to;
  }
}
