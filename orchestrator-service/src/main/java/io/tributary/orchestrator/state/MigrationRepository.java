package io.tributary.orchestrator.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.smallrye.mutiny.Uni;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.control.MigrationState;
import io.tributary.common.control.TableLoad;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.plan.SourceSpec;
import io.tributary.common.sql.BulkLoad;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads and writes {@code tributary.migrations}, {@code tributary.sources} and {@code
 * tributary.tables}. Every method takes the {@link SqlClient} to run on, so callers choose between
 * the pool and a connection inside their transaction.
 */
@ApplicationScoped
public class MigrationRepository {
  /**
   * Serializes provisioning transactions, so two plans creating the same target schema at once do
   * not race on {@code CREATE SCHEMA IF NOT EXISTS}.
   */
  static final String PROVISIONING_LOCK = "SELECT pg_advisory_xact_lock(7242917101)";

  static final String INSERT_MIGRATION =
      """
      INSERT INTO tributary.migrations (id, plan_text, plan, state, state_reason)
      VALUES ($1, $2, $3::text::jsonb, $4, $5)
      ON CONFLICT (id) DO NOTHING
      RETURNING id""";

  static final String INSERT_SOURCE =
      """
      INSERT INTO tributary.sources (migration_id, name, kind, location, target_schema)
      VALUES ($1, $2, $3, $4, $5)""";

  static final String INSERT_TABLE =
      """
INSERT INTO tributary.tables
  (migration_id, source_name, source_schema, source_table, target_schema, target_table, topic,
   definition, bulk_load)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text::jsonb, $9)""";

  /** Guarded: changes nothing unless the migration is still in the expected state. */
  static final String UPDATE_STATE =
      """
      UPDATE tributary.migrations SET state = $3, state_reason = $4, updated_at = now()
      WHERE id = $1 AND state = $2""";

  static final String SELECT_ONE =
      """
      SELECT id, state, state_reason, created_at, updated_at
      FROM tributary.migrations WHERE id = $1""";

  static final String SELECT_ALL =
      """
      SELECT id, state, state_reason, created_at, updated_at
      FROM tributary.migrations ORDER BY created_at, id""";

  /** Migrations in SNAPSHOTTING that have tables, every one of them loaded ({@link TableLoad}). */
  static final String SELECT_SNAPSHOTS_CAPTURED =
      """
      SELECT m.id FROM tributary.migrations m
      WHERE m.state = $1
        AND EXISTS (SELECT 1 FROM tributary.tables t WHERE t.migration_id = m.id)
        AND NOT EXISTS (SELECT 1 FROM tributary.tables t
                        WHERE t.migration_id = m.id AND NOT %s)
      ORDER BY m.created_at, m.id"""
          .formatted(TableLoad.LOADED);

  /** Takes the provisioning lock for the rest of the current transaction. */
  public Uni<Void> lockProvisioning(SqlClient client) {
    return client.query(PROVISIONING_LOCK).execute().replaceWithVoid();
  }

  /**
   * Records a new migration in its initial state.
   *
   * @return false when a migration with that id exists already (nothing is written)
   */
  public Uni<Boolean> insert(
      SqlClient client,
      String id,
      String planText,
      String planJson,
      MigrationState state,
      String reason) {
    return client
        .preparedQuery(INSERT_MIGRATION)
        .execute(Tuple.of(id, planText, planJson, state.name(), reason))
        .map(rows -> rows.size() == 1);
  }

  /** Records a migration's sources (their locations as given, e.g. absolute file paths). */
  public Uni<Void> insertSources(SqlClient client, String migration, List<SourceSpec> sources) {
    List<Tuple> batch = new ArrayList<>();
    for (SourceSpec source : sources) {
      batch.add(
          Tuple.of(
              migration,
              source.name(),
              source.kind().planName(),
              location(source),
              source.schema()));
    }
    return executeBatch(client, INSERT_SOURCE, batch);
  }

  /** Records captured tables with their catalog definitions (read by capture and apply). */
  public Uni<Void> insertTables(SqlClient client, String migration, List<TableDef> tables) {
    List<Tuple> batch = new ArrayList<>();
    for (TableDef table : tables) {
      batch.add(
          Tuple.tuple()
              .addString(migration)
              .addString(table.source())
              .addString(table.sourceSchema())
              .addString(table.sourceTable())
              .addString(table.targetSchema())
              .addString(table.targetTable())
              .addString(table.topic())
              .addString(definitionJson(table))
              .addBoolean(BulkLoad.eligible(table)));
    }
    return executeBatch(client, INSERT_TABLE, batch);
  }

  /**
   * Moves a migration from {@code from} to {@code to} unless another writer moved it first.
   *
   * @return true when this call changed the state
   */
  public Uni<Boolean> updateState(
      SqlClient client, String id, MigrationState from, MigrationState to, String reason) {
    return client
        .preparedQuery(UPDATE_STATE)
        .execute(Tuple.of(id, from.name(), to.name(), reason))
        .map(rows -> rows.rowCount() == 1);
  }

  public Uni<Optional<MigrationRecord>> find(SqlClient client, String id) {
    return client
        .preparedQuery(SELECT_ONE)
        .execute(Tuple.of(id))
        .map(
            rows ->
                rows.size() == 0
                    ? Optional.empty()
                    : Optional.of(toRecord(rows.iterator().next())));
  }

  /** The migration, or a failure with {@link MigrationNotFoundException}. */
  public Uni<MigrationRecord> get(SqlClient client, String id) {
    return find(client, id)
        .map(found -> found.orElseThrow(() -> new MigrationNotFoundException(id)));
  }

  /** Every migration, oldest first. */
  public Uni<List<MigrationRecord>> list(SqlClient client) {
    return client.query(SELECT_ALL).execute().map(MigrationRepository::toRecords);
  }

  /** Ids of migrations in SNAPSHOTTING whose every table's snapshot is captured. */
  public Uni<List<String>> findSnapshotsCaptured(SqlClient client) {
    return client
        .preparedQuery(SELECT_SNAPSHOTS_CAPTURED)
        .execute(Tuple.of(MigrationState.SNAPSHOTTING.name()))
        .map(
            rows -> {
              List<String> ids = new ArrayList<>();
              rows.forEach(row -> ids.add(row.getString("id")));
              return ids;
            });
  }

  private static Uni<Void> executeBatch(SqlClient client, String sql, List<Tuple> batch) {
    if (batch.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    return client.preparedQuery(sql).executeBatch(batch).replaceWithVoid();
  }

  private static String location(SourceSpec source) {
    return source.path() != null ? source.path() : source.url();
  }

  private static String definitionJson(TableDef table) {
    try {
      return ChangeEventCodec.MAPPER.writeValueAsString(table);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "Failed to encode the definition of " + table.qualifiedSourceName(), e);
    }
  }

  private static List<MigrationRecord> toRecords(RowSet<Row> rows) {
    List<MigrationRecord> records = new ArrayList<>();
    rows.forEach(row -> records.add(toRecord(row)));
    return records;
  }

  private static MigrationRecord toRecord(Row row) {
    return new MigrationRecord(
        row.getString("id"),
        MigrationState.valueOf(row.getString("state")),
        row.getString("state_reason"),
        row.getOffsetDateTime("created_at"),
        row.getOffsetDateTime("updated_at"));
  }
}
