package io.tributary.orchestrator.state;

import io.tributary.common.control.MigrationState;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The migration is in a state where the asked action cannot run (answered with 409). */
public class MigrationNotActiveException extends RuntimeException {
  private final String id;
  private final MigrationState state;

  /**
   * @param id the migration
   * @param state its state
   * @param action what cannot run, e.g. {@code "validation"}
   */
  public MigrationNotActiveException(String id, MigrationState state, String action) {
    super(
        "migration '"
            + id
            + "' is "
            + state
            + ": "
            + action
            + " runs only while a migration is active ("
            + Arrays.stream(MigrationState.values())
                .filter(MigrationState::isActive)
                .map(Enum::name)
                .collect(Collectors.joining(", "))
            + ")");
    this.id = id;
    this.state = state;
  }

  public String id() {
    return id;
  }

  public MigrationState state() {
    return state;
  }
}
