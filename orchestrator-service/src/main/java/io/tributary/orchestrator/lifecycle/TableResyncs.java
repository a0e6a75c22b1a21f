package io.tributary.orchestrator.lifecycle;

import io.tributary.common.control.MigrationState;
import io.tributary.common.plan.SourceKind;
import io.tributary.common.plan.SourceKindRules;
import io.tributary.orchestrator.OrchestratorConfig;
import io.tributary.orchestrator.state.CommandRefused;
import io.tributary.orchestrator.state.MigrationRecord;
import io.tributary.orchestrator.state.MigrationRepository;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Asks capture to read one table again ({@code POST /migrations/{id}/tables/{table}/resync}): the
 * table's snapshot is marked not done and the request recorded; cdc-service restarts the source's
 * capture, which reads that table from its first row as a new snapshot generation (apply empties
 * the target table at its reset marker) while the source's other tables stream on; the table is
 * resynced when its snapshot is done again, and continuous validation compares it then.
 */
@ApplicationScoped
public class TableResyncs {
  /** The states a table can be read again in: capture runs and no cutover is under way. */
  static final Set<MigrationState> RESYNCABLE =
      Set.of(MigrationState.SNAPSHOTTING, MigrationState.REPLICATING, MigrationState.ROLLED_BACK);

  private final Pool pool;
  private final MigrationRepository migrations;
  private final OrchestratorConfig config;

  public TableResyncs(Pool pool, MigrationRepository migrations, OrchestratorConfig config) {
    this.pool = pool;
    this.migrations = migrations;
    this.config = config;
  }

  /** A table of a migration as a resync sees it. */
  record Candidate(
      String source,
      String sourceSchema,
      String sourceTable,
      String targetSchema,
      String targetTable,
      String kind,
      boolean snapshotDone,
      String referencedBy) {

    boolean named(String name, String sourceName) {
      boolean table =
          name.equals(sourceTable)
              || name.equals(sourceSchema + "." + sourceTable)
              || name.equals(targetSchema + "." + targetTable);
      return table && (sourceName == null || sourceName.equals(source));
    }
  }

  /**
   * The accepted request.
   *
   * @param migration the migration
   * @param source the table's source
   * @param table the source table ({@code schema.table} for PostgreSQL sources)
   * @param target the target table it fills
   * @param requestedAt when, as recorded
   */
  public record Requested(
      String migration, String source, String table, String target, String requestedAt) {}

  /**
   * Records the request.
   *
   * @param table the source table's name ({@code tasks}, or {@code public.tasks}), or the target
   *     table as {@code schema.table}
   * @param source the source, needed only when two sources have a table of that name
   * @throws CommandRefused (400) when no table, or more than one, has that name; (409) when the
   *     migration's state or the table does not allow it now
   */
  public Requested request(String migration, String table, String source, String by) {
    MigrationRecord record =
        migrations.get(pool, migration).await().atMost(config.databaseTimeout());
    if (!RESYNCABLE.contains(record.state())) {
      throw CommandRefused.inState(
          record,
          "a table can be read again only while capture runs and no cutover is under way"
              + " (SNAPSHOTTING, REPLICATING or ROLLED_BACK)");
    }
    List<Candidate> all = candidates(migration);
    List<Candidate> named = all.stream().filter(c -> c.named(table, source)).toList();
    if (named.isEmpty()) {
      throw CommandRefused.badInput(
          "migration '"
              + migration
              + "' has no table '"
              + table
              + "'"
              + (source == null ? "" : " in source '" + source + "'")
              + "; its tables: "
              + String.join(
                  ", ", all.stream().map(c -> c.source() + ": " + c.sourceTable()).toList()));
    }
    if (named.size() > 1) {
      throw CommandRefused.badInput(
          "table '"
              + table
              + "' is in several sources of migration '"
              + migration
              + "' ("
              + String.join(", ", named.stream().map(Candidate::source).toList())
              + "): name one with ?source=");
    }
    Candidate c = named.get(0);
    if (!SourceKind.fromPlanName(c.kind())
        .map(k -> SourceKindRules.of(k).resyncsOneTable())
        .orElse(false)) {
      throw new CommandRefused(
          migration,
          record.state(),
          "table '"
              + c.sourceTable()
              + "' is in "
              + c.kind()
              + " source '"
              + c.source()
              + "': reading one table of a "
              + c.kind()
              + " source again is not supported yet (sources of kind "
              + SourceKindRules.supportedNamesWhere(SourceKindRules::resyncsOneTable)
              + " only); abandon and submit the migration again to reload it");
    }
    if (c.referencedBy() != null) {
      throw new CommandRefused(
          migration,
          record.state(),
          "target table "
              + c.targetSchema()
              + "."
              + c.targetTable()
              + " is referenced by foreign keys ("
              + c.referencedBy()
              + ", added when the cutover prepared): it cannot be emptied and read again");
    }
    if (!c.snapshotDone() && record.state() == MigrationState.SNAPSHOTTING) {
      throw new CommandRefused(
          migration,
          record.state(),
          "table '" + c.sourceTable() + "' is still being read by the snapshot: wait until it is");
    }
    String requestedAt = null;
    String reason = "resync of " + c.source() + "." + c.sourceTable() + " requested";
    for (Row row :
        pool.withTransaction(
                tx ->
                    tx.preparedQuery(LifecycleStatements.REQUEST_RESYNC)
                        .execute(
                            Tuple.of(migration, c.source(), c.sourceSchema(), c.sourceTable(), by))
                        .call(
                            () ->
                                tx.preparedQuery(LifecycleStatements.EVENT)
                                    .execute(
                                        Tuple.of(
                                            migration,
                                            record.state().name(),
                                            by,
                                            reason,
                                            "resync"))))
            .await()
            .atMost(config.databaseTimeout())) {
      requestedAt = row.getString("requested_at");
    }
    return new Requested(
        migration,
        c.source(),
        c.sourceTable(),
        c.targetSchema() + "." + c.targetTable(),
        requestedAt);
  }

  private List<Candidate> candidates(String migration) {
    List<Candidate> out = new ArrayList<>();
    for (Row row :
        pool.preparedQuery(LifecycleStatements.RESYNC_CANDIDATES)
            .execute(Tuple.of(migration))
            .await()
            .atMost(config.databaseTimeout())) {
      out.add(
          new Candidate(
              row.getString("source_name"),
              row.getString("source_schema"),
              row.getString("source_table"),
              row.getString("target_schema"),
              row.getString("target_table"),
              row.getString("kind"),
              row.getBoolean("snapshot_done"),
              row.getString("referenced_by")));
    }
    return out;
  }
}
