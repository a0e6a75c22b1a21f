package io.tributary.orchestrator.state;

import io.tributary.common.control.MigrationState;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The one refusal of an operator's command, over the API or on {@code tributary.commands}: either
 * the command cannot be taken as given ({@link #badInput}: answered with 400, the message naming
 * the field and why), or the migration's state does not allow it now ({@link
 * #CommandRefused(String, MigrationState, String) the constructor}, {@link #inState}, {@link
 * #notActive}: answered with 409 and the migration's state). The message is the whole answer an
 * operator sees.
 */
public class CommandRefused extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String migration;
  private final MigrationState state;
  private final boolean badInput;

  /**
   * The migration is in {@code state}, where the command cannot run now: {@code message} says why.
   */
  public CommandRefused(String migration, MigrationState state, String message) {
    this(migration, state, message, false);
  }

  private CommandRefused(String migration, MigrationState state, String message, boolean badInput) {
    super(message);
    this.migration = migration;
    this.state = state;
    this.badInput = badInput;
  }

  /**
   * A command that cannot be taken as given, whatever the state: the message names what and why.
   */
  public static CommandRefused badInput(String message) {
    return new CommandRefused(null, null, message, true);
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
  public static CommandRefused inState(MigrationRecord record, String why) {
    return inState(record.id(), record.state(), why);
  }

  private static CommandRefused inState(String migration, MigrationState state, String why) {
    return new CommandRefused(
        migration, state, "migration '" + migration + "' is " + state + ": " + why);
  }

  /**
   * The refusal of {@code action} (e.g. {@code "validation"}), which runs only while a migration is
   * active: names the active states.
   */
  public static CommandRefused notActive(String migration, MigrationState state, String action) {
    return inState(
        migration,
        state,
        action
            + " runs only while a migration is active ("
            + Arrays.stream(MigrationState.values())
                .filter(MigrationState::isActive)
                .map(Enum::name)
                .collect(Collectors.joining(", "))
            + ")");
  }

  /** True when the command itself is wrong (400); false when it cannot run now (409). */
  public boolean badInput() {
    return badInput;
  }

  /** The migration refused, or null for a bad input. */
  public String migration() {
    return migration;
  }

  /** Its state when refused, or null for a bad input. */
  public MigrationState state() {
    return state;
  }
}
