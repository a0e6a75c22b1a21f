package io.tributary.orchestrator.api;

import io.tributary.common.control.MigrationState;
import io.tributary.orchestrator.state.MigrationRecord;
import io.tributary.orchestrator.state.SourceProgress;
import io.tributary.orchestrator.state.TableProgress;
import java.time.OffsetDateTime;
import java.util.List;

/** One migration with its sources' capture state and the progress of each of its tables. */
public record MigrationDetail(
    String id,
    MigrationState state,
    String stateReason,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt,
    List<SourceProgress> sources,
    List<TableProgress> tables) {

  static MigrationDetail of(
      MigrationRecord migration, List<SourceProgress> sources, List<TableProgress> tables) {
    return new MigrationDetail(
        migration.id(),
        migration.state(),
        migration.stateReason(),
        migration.createdAt(),
        migration.updatedAt(),
        sources,
        tables);
  }
}
