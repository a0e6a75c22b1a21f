package io.tributary.orchestrator.finalize;

import java.util.List;

/**
 * Finalize asked for while tables are still loaded by COPY (their keys not built yet): indexes
 * built now would slow the load, and foreign keys need the keys they reference. A 409.
 */
public class TablesStillLoadingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String migration;

  public TablesStillLoadingException(String migration, List<String> tables) {
    super(
        "migration '"
            + migration
            + "': finalize runs once every table is loaded; still copying its snapshot (key not"
            + " built yet): "
            + String.join(", ", tables)
            + " — finalize when the migration is REPLICATING");
    this.migration = migration;
  }

  public String migration() {
    return migration;
  }
}
