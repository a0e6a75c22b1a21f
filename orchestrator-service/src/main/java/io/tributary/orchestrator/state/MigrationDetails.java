package io.tributary.orchestrator.state;

import io.smallrye.mutiny.Uni;
import io.tributary.orchestrator.OrchestratorConfig;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Reads where a migration stands ({@link MigrationDetail}): its record, its sources' capture state
 * and each table's progress with its apply lag. The one way to it: the API answers it, the metrics
 * publish it.
 */
@ApplicationScoped
public class MigrationDetails {
  private final MigrationRepository migrations;
  private final TableProgressRepository tables;
  private final SourceProgressRepository sources;
  private final EndOffsetReader endOffsets;
  private final Pool pool;
  private final OrchestratorConfig config;

  public MigrationDetails(
      MigrationRepository migrations,
      TableProgressRepository tables,
      SourceProgressRepository sources,
      EndOffsetReader endOffsets,
      Pool pool,
      OrchestratorConfig config) {
    this.migrations = migrations;
    this.tables = tables;
    this.sources = sources;
    this.endOffsets = endOffsets;
    this.pool = pool;
    this.config = config;
  }

  /**
   * One migration.
   *
   * @throws io.tributary.orchestrator.state.MigrationNotFoundException (as the Uni's failure) when
   *     there is none with this id
   */
  public Uni<MigrationDetail> get(String id) {
    return migrations.get(pool, id).chain(this::of);
  }

  /** Every migration, oldest first. */
  public Uni<List<MigrationRecord>> list() {
    return migrations.list(pool);
  }

  /** Where a recorded migration stands now. */
  public Uni<MigrationDetail> of(MigrationRecord migration) {
    return sources
        .list(pool, migration.id())
        .chain(
            sourceProgress ->
                tables
                    .list(pool, migration.id(), config.applyGroup())
                    .chain(this::withLag)
                    .map(progress -> MigrationDetail.of(migration, sourceProgress, progress)));
  }

  private Uni<List<TableProgress>> withLag(List<TableProgress> progress) {
    return endOffsets
        .read(progress.stream().map(TableProgress::topic).toList())
        .map(ends -> progress.stream().map(t -> t.withEndOffsets(ends.get(t.topic()))).toList());
  }
}
