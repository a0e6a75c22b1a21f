package io.tributary.orchestrator.state;

import io.smallrye.mutiny.Uni;
import io.tributary.common.validation.ValidationMode;
import io.tributary.common.validation.ValidationStatus;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads each table's progress: {@code tributary.tables} (snapshot, written by capture), the newest
 * {@code tributary.validations} row (written by validator-service) and the count of {@code
 * tributary.rejects} (written by apply).
 */
@ApplicationScoped
public class TableProgressRepository {
  static final String SELECT_FOR_MIGRATION =
      """
      SELECT t.source_name, t.source_table, t.target_schema, t.target_table, t.topic,
             t.snapshot_done_at IS NOT NULL AS snapshot_done, t.snapshot_rows,
             CASE WHEN NOT t.bulk_load THEN 'upsert'
                  WHEN t.key_built_at IS NULL THEN 'copy' ELSE 'keyed' END AS load,
             t.apply_error, t.apply_error_at, t.apply_failures,
             v.id AS validation_id, v.status, v.at, v.mode, v.source_rows, v.target_rows,
             v.source_checksum, v.target_checksum, v.detail,
             (SELECT count(*) FROM tributary.rejects r
              WHERE r.migration_id = t.migration_id
                AND r.source_name = t.source_name
                AND r.source_table = t.source_table
                AND r.replayed_at IS NULL) AS rejected_rows,
             (SELECT jsonb_object_agg(o.kafka_partition::text, o.next_offset)
              FROM tributary.apply_offsets o
              WHERE o.consumer_group = $2 AND o.topic = t.topic) AS applied_offsets
      FROM tributary.tables t
      LEFT JOIN LATERAL (
        SELECT * FROM tributary.validations v
        WHERE v.migration_id = t.migration_id
          AND v.source_name = t.source_name
          AND v.source_table = t.source_table
        ORDER BY v.id DESC LIMIT 1) v ON true
      WHERE t.migration_id = $1
      ORDER BY t.source_name, t.source_schema, t.source_table""";

  /** Every table of a migration, by source and table name. */
  public Uni<List<TableProgress>> list(SqlClient client, String migration, String applyGroup) {
    return client
        .preparedQuery(SELECT_FOR_MIGRATION)
        .execute(Tuple.of(migration, applyGroup))
        .map(
            rows -> {
              List<TableProgress> tables = new ArrayList<>();
              rows.forEach(row -> tables.add(toProgress(row)));
              return tables;
            });
  }

  /** Apply's next offset per partition of a topic ({@code {"0": 12, "1": 7}}); none: empty. */
  private static Map<Integer, Long> appliedOffsets(JsonObject json) {
    Map<Integer, Long> out = new HashMap<>();
    if (json != null) {
      json.forEach(e -> out.put(Integer.valueOf(e.getKey()), ((Number) e.getValue()).longValue()));
    }
    return out;
  }

  private static TableProgress toProgress(Row row) {
    LatestValidation validation =
        row.getValue("validation_id") == null
            ? null
            : new LatestValidation(
                ValidationStatus.parse(row.getString("status")),
                row.getOffsetDateTime("at"),
                ValidationMode.parse(row.getString("mode")),
                row.getString("source_checksum"),
                row.getString("target_checksum"),
                row.getString("detail"));
    return new TableProgress(
        row.getString("source_name"),
        row.getString("source_table"),
        row.getString("target_schema"),
        row.getString("target_table"),
        row.getString("topic"),
        row.getBoolean("snapshot_done"),
        row.getLong("snapshot_rows"),
        row.getString("load"),
        row.getLong("source_rows"),
        row.getLong("target_rows"),
        row.getLong("rejected_rows"),
        validation,
        appliedOffsets(row.getJsonObject("applied_offsets")),
        null,
        applyProblem(row));
  }

  /** Why apply cannot write the table now (recorded by cdc-service), or null. */
  private static String applyProblem(Row row) {
    String error = row.getString("apply_error");
    if (error == null) {
      return null;
    }
    return "apply cannot write this table since "
        + row.getOffsetDateTime("apply_error_at")
        + " ("
        + row.getInteger("apply_failures")
        + (row.getInteger("apply_failures") == 1 ? " batch" : " batches")
        + " failed): "
        + error;
  }
}
