package io.tributary.orchestrator.validation;

import io.smallrye.mutiny.Uni;
import io.tributary.common.validation.ValidationMode;
import io.tributary.common.validation.ValidationStatus;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Deep and final validation requests in the control schema ({@code tributary.validation_requests});
 * validator-service carries them out. Also reads what a request may name: the migration's sources
 * and tables.
 */
@ApplicationScoped
public class ValidationRequestRepository {
  static final String SOURCES =
      "SELECT name FROM tributary.sources WHERE migration_id = $1 ORDER BY name";

  /** The sources that have a table of this name (optionally: only the given source). */
  static final String SOURCES_WITH_TABLE =
      """
      SELECT DISTINCT source_name FROM tributary.tables
       WHERE migration_id = $1 AND source_table = $2 AND ($3::text IS NULL OR source_name = $3)
       ORDER BY source_name""";

  /** Inserts only while the migration is in one of the given states; no row otherwise. */
  static final String REQUEST =
      """
      INSERT INTO tributary.validation_requests
        (migration_id, mode, source_name, source_table, requested_by, since_fences, until_fences)
      SELECT m.id, $2::text, $3::text, $4::text, $5::text, $7::bigint[], $8::bigint[]
        FROM tributary.migrations m
       WHERE m.id = $1 AND m.state = ANY($6::text[])
      RETURNING id, mode, source_name, source_table, requested_by, requested_at, started_at,
                done_at, status, tables_total, tables_done, error""";

  static final String COLUMNS =
      """
      id, mode, source_name, source_table, requested_by, requested_at, started_at, done_at, status,
      tables_total, tables_done, error""";

  static final String NEWEST =
      "SELECT "
          + COLUMNS
          + " FROM tributary.validation_requests WHERE migration_id = $1 ORDER BY id DESC LIMIT $2";

  static final String ONE =
      "SELECT "
          + COLUMNS
          + " FROM tributary.validation_requests WHERE migration_id = $1 AND id = $2";

  /** The names of the migration's sources, sorted. */
  public Uni<List<String>> sources(SqlClient client, String migration) {
    return client
        .preparedQuery(SOURCES)
        .execute(Tuple.of(migration))
        .map(rows -> strings(rows, "name"));
  }

  /** The sources (of {@code source} only, when not null) that have a table named {@code table}. */
  public Uni<List<String>> sourcesWithTable(
      SqlClient client, String migration, String table, String source) {
    return client
        .preparedQuery(SOURCES_WITH_TABLE)
        .execute(Tuple.of(migration, table, source))
        .map(rows -> strings(rows, "source_name"));
  }

  /**
   * Records a request, unless the migration is not (or no longer) in one of {@code states}.
   *
   * @return the request as recorded; empty when the migration is missing or in another state
   */
  public Uni<Optional<ValidationRequest>> request(
      SqlClient client,
      String migration,
      ValidationMode mode,
      String source,
      String table,
      String requestedBy,
      List<String> states) {
    return request(client, migration, mode, source, table, requestedBy, states, null, null);
  }

  /**
   * Records a request of the cutover, whose comparisons are bounded by fences.
   *
   * @param sinceFences the fences marking the cutover's position P (null: none)
   * @param untilFences where the changes compared end: a final request's fences written under the
   *     freeze, a precutover catch-up round's new position (null: none)
   */
  public Uni<Optional<ValidationRequest>> request(
      SqlClient client,
      String migration,
      ValidationMode mode,
      String source,
      String table,
      String requestedBy,
      List<String> states,
      List<Long> sinceFences,
      List<Long> untilFences) {
    Tuple parameters =
        Tuple.tuple()
            .addString(migration)
            .addString(mode.wire())
            .addString(source)
            .addString(table)
            .addString(requestedBy)
            .addArrayOfString(states.toArray(String[]::new))
            .addArrayOfLong(sinceFences == null ? null : sinceFences.toArray(Long[]::new))
            .addArrayOfLong(untilFences == null ? null : untilFences.toArray(Long[]::new));
    return client
        .preparedQuery(REQUEST)
        .execute(parameters)
        .map(rows -> first(rows).map(ValidationRequestRepository::toRequest));
  }

  /** The migration's {@code limit} newest requests, newest first. */
  public Uni<List<ValidationRequest>> newest(SqlClient client, String migration, int limit) {
    return client
        .preparedQuery(NEWEST)
        .execute(Tuple.of(migration, limit))
        .map(
            rows -> {
              List<ValidationRequest> out = new ArrayList<>();
              rows.forEach(row -> out.add(toRequest(row)));
              return out;
            });
  }

  /** The request, if it exists and belongs to the migration. */
  public Uni<Optional<ValidationRequest>> find(SqlClient client, String migration, long id) {
    return client
        .preparedQuery(ONE)
        .execute(Tuple.of(migration, id))
        .map(rows -> first(rows).map(ValidationRequestRepository::toRequest));
  }

  private static Optional<Row> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next());
  }

  private static List<String> strings(RowSet<Row> rows, String column) {
    List<String> out = new ArrayList<>();
    rows.forEach(row -> out.add(row.getString(column)));
    return out;
  }

  private static ValidationRequest toRequest(Row row) {
    return new ValidationRequest(
        row.getLong("id"),
        ValidationMode.parse(row.getString("mode")),
        row.getString("source_name"),
        row.getString("source_table"),
        row.getString("requested_by"),
        row.getOffsetDateTime("requested_at"),
        row.getOffsetDateTime("started_at"),
        row.getOffsetDateTime("done_at"),
        ValidationStatus.parseNullable(row.getString("status")),
        row.getInteger("tables_total"),
        row.getInteger("tables_done"),
        row.getString("error"));
  }
}
