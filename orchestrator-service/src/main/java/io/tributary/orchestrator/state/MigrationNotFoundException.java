package io.tributary.orchestrator.state;

/** No migration with that id is recorded. */
public class MigrationNotFoundException extends RuntimeException {
  private final String id;

  public MigrationNotFoundException(String id) {
    super("migration '" + id + "' does not exist");
    this.id = id;
  }

  public String id() {
    return id;
  }
}
