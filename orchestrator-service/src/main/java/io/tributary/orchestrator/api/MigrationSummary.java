package io.tributary.orchestrator.api;

import io.tributary.common.control.MigrationState;
import io.tributary.orchestrator.state.MigrationRecord;
import java.time.OffsetDateTime;

/** A migration in the list of all migrations. */
public record MigrationSummary(
    String id, MigrationState state, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

  static MigrationSummary of(MigrationRecord migration) {
    return new MigrationSummary(
        migration.id(), migration.state(), migration.createdAt(), migration.updatedAt());
  }
}
