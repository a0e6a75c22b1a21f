package io.tributary.orchestrator.lifecycle;

import io.tributary.common.control.MigrationState;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Where the abandon of a migration stands: what was removed and what is still waited for.
 *
 * @param id the migration
 * @param state its state ({@code ABANDONED})
 * @param dropTarget whether its target schemas are dropped too
 * @param sources each source and whether its change capture is removed
 * @param topics the migration's topics (deleted once {@code cleanedUp})
 * @param targetSchemas its target schemas
 * @param targetSchemasLeft those still in the target database (kept without dropTarget)
 * @param cleanedUp true when nothing is left to do: the id may be submitted again
 * @param waitingFor what the cleanup waits for, null once cleaned up
 */
public record AbandonReport(
    String id,
    MigrationState state,
    boolean dropTarget,
    List<SourceCleanup> sources,
    List<String> topics,
    List<String> targetSchemas,
    List<String> targetSchemasLeft,
    boolean cleanedUp,
    String waitingFor) {

  /**
   * One source of an abandoned migration.
   *
   * @param name the plan's source name
   * @param kind its kind
   * @param captureRemovedAt when cdc-service removed its change capture (SQLite triggers and change
   *     log, PostgreSQL slot and publication); null while it waits for that
   */
  public record SourceCleanup(String name, String kind, OffsetDateTime captureRemovedAt) {}
}
