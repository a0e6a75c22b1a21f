package io.tributary.orchestrator.validation;

import io.smallrye.mutiny.Uni;
import io.tributary.common.validation.ValidationDifference;
import io.tributary.common.validation.ValidationResult;
import io.tributary.common.validation.ValidationRows;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads validation results ({@code tributary.validations}) and the differences they listed ({@code
 * tributary.validation_differences}), both written by validator-service.
 */
@ApplicationScoped
public class ValidationResultRepository {
  /**
   * Per table of the migration, the newest continuous result and the newest result in reverse (a
   * fallback window's, scheduled or a fallback's own; the index on (migration, source, table, id
   * DESC) reaches each at once) and the newest result of each requested mode, found through the
   * migration's requests (deep, precutover and final results carry their request's id).
   */
  static final String LATEST =
      """
      WITH named AS (
        SELECT DISTINCT source_name, source_table FROM tributary.tables WHERE migration_id = $1),
      continuous AS (
        SELECT c.id FROM named n
        CROSS JOIN (VALUES ('continuous'), ('reverse')) m(mode)
        CROSS JOIN LATERAL (
          SELECT v.id FROM tributary.validations v
           WHERE v.migration_id = $1
             AND v.source_name = n.source_name
             AND v.source_table = n.source_table
             AND v.mode = m.mode
           ORDER BY v.id DESC LIMIT 1) c),
      requested AS (
        SELECT DISTINCT ON (v.source_name, v.source_table, v.mode) v.id
          FROM tributary.validation_requests r
          JOIN tributary.validations v ON v.request_id = r.id AND v.migration_id = r.migration_id
          JOIN named n ON n.source_name = v.source_name AND n.source_table = v.source_table
         WHERE r.migration_id = $1 AND v.mode <> 'reverse'
         ORDER BY v.source_name, v.source_table, v.mode, v.id DESC)
      """
          + ValidationRows.SELECT_RESULT
          + """
       WHERE v.id IN (SELECT id FROM continuous UNION ALL SELECT id FROM requested)
       ORDER BY v.source_name, v.source_table, v.mode""";

  static final String OF_REQUEST =
      ValidationRows.SELECT_RESULT
          + """
       WHERE v.migration_id = $1 AND v.request_id = $2
       ORDER BY v.source_name, v.source_table, v.id""";

  static final String COUNT_DIFFERENCES =
      """
      SELECT v.id, v.differences_complete,
             (SELECT count(*) FROM tributary.validation_differences d
               WHERE d.validation_id = v.id) AS stored
        FROM tributary.validations v
       WHERE v.migration_id = $1 AND v.id = $2""";

  static final String DIFFERENCES =
      ValidationRows.SELECT_DIFFERENCE
          + """
       WHERE d.validation_id = $1
       ORDER BY d.position OFFSET $2 LIMIT $3""";

  /** Per table and mode, the latest result, by source, table and mode. */
  public Uni<List<ValidationResult>> latest(SqlClient client, String migration) {
    return client
        .preparedQuery(LATEST)
        .execute(Tuple.of(migration))
        .map(ValidationResultRepository::toResults);
  }

  /** The per-table results of one request, by source and table. */
  public Uni<List<ValidationResult>> ofRequest(SqlClient client, String migration, long request) {
    return client
        .preparedQuery(OF_REQUEST)
        .execute(Tuple.of(migration, request))
        .map(ValidationResultRepository::toResults);
  }

  /** How many differences the result stored; empty when it is not a result of this migration. */
  public Uni<Optional<DifferenceCount>> countDifferences(
      SqlClient client, String migration, long validation) {
    return client
        .preparedQuery(COUNT_DIFFERENCES)
        .execute(Tuple.of(migration, validation))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return Optional.empty();
              }
              Row row = rows.iterator().next();
              return Optional.of(
                  new DifferenceCount(
                      row.getLong("id"),
                      row.getLong("stored"),
                      row.getBoolean("differences_complete")));
            });
  }

  /** A page of the result's differences, by position. */
  public Uni<List<ValidationDifference>> differences(
      SqlClient client, long validation, int offset, int limit) {
    return client
        .preparedQuery(DIFFERENCES)
        .execute(Tuple.of(validation, offset, limit))
        .map(
            rows -> {
              List<ValidationDifference> out = new ArrayList<>();
              for (Row row : rows) {
                out.add(ValidationRows.difference(row.getDelegate()));
              }
              return out;
            });
  }

  private static List<ValidationResult> toResults(RowSet<Row> rows) {
    List<ValidationResult> out = new ArrayList<>();
    for (Row row : rows) {
      out.add(ValidationRows.result(row.getDelegate()));
    }
    return out;
  }
}
