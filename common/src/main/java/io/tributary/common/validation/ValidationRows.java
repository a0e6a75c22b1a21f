package io.tributary.common.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.common.event.ChangeEventCodec;
import io.vertx.sqlclient.Row;
import java.util.Arrays;
import java.util.List;

/**
 * How a stored validation result is read from the control schema ({@code tributary.validations},
 * {@code tributary.validation_differences}), by every service that reads one: the select list, and
 * the mapping of a row to a {@link ValidationResult} or a {@link ValidationDifference}. The queries
 * that choose which rows (latest per table, one request's) stay with the service that asks.
 */
public final class ValidationRows {
  /**
   * A result's columns, with where its table goes (validations are keyed by source table name; a
   * PostgreSQL source's table may be listed under several source schemas: the first is taken).
   * Followed by the caller's {@code WHERE} on alias {@code v}.
   */
  public static final String SELECT_RESULT =
      """
      SELECT v.id, v.request_id, v.migration_id, v.source_name, v.source_table,
             t.target_schema, t.target_table, v.mode, v.status, v.source_rows, v.target_rows,
             v.rejected_rows, v.expected_rejects, v.apply_lag, v.source_checksum,
             v.target_checksum, v.detail, v.at, v.aligned_at, v.compared_rows, v.missing_rows,
             v.extra_rows, v.differing_rows, v.differences_listed, v.differences_complete,
             v.passes, v.duration_ms, v.source_lock_ms
        FROM tributary.validations v
        LEFT JOIN LATERAL (
          SELECT t.target_schema, t.target_table FROM tributary.tables t
           WHERE t.migration_id = v.migration_id
             AND t.source_name = v.source_name
             AND t.source_table = v.source_table
           ORDER BY t.source_schema LIMIT 1) t ON true
      """;

  /** A difference's columns; followed by the caller's {@code WHERE} on alias {@code d}. */
  public static final String SELECT_DIFFERENCE =
      """
      SELECT d.position, d.kind, d.row_key::text AS row_key, d.columns,
             d.source_values::text AS source_values, d.target_values::text AS target_values,
             d.detail
        FROM tributary.validation_differences d
      """;

  private ValidationRows() {}

  /**
   * The result in a row of {@link #SELECT_RESULT}. A status this build does not know reads as
   * {@code ERROR} (its detail says what was stored); the comparison's differences are not read here
   * (its list is empty).
   */
  public static ValidationResult result(Row row) {
    return new ValidationResult(
        row.getLong("id"),
        row.getLong("request_id"),
        row.getString("migration_id"),
        row.getString("source_name"),
        row.getString("source_table"),
        row.getString("target_schema"),
        row.getString("target_table"),
        ValidationMode.parse(row.getString("mode")),
        status(row.getString("status")),
        row.getLong("source_rows"),
        row.getLong("target_rows"),
        row.getLong("rejected_rows"),
        row.getLong("expected_rejects"),
        row.getLong("apply_lag"),
        row.getString("source_checksum"),
        row.getString("target_checksum"),
        row.getString("detail"),
        row.getOffsetDateTime("at").toInstant(),
        row.getLong("aligned_at"),
        comparison(row));
  }

  /** The difference in a row of {@link #SELECT_DIFFERENCE}. */
  public static ValidationDifference difference(Row row) {
    String[] columns = row.getArrayOfStrings("columns");
    return new ValidationDifference(
        row.getInteger("position"),
        row.getString("kind"),
        json(row.getString("row_key")),
        columns == null ? null : Arrays.asList(columns),
        json(row.getString("source_values")),
        json(row.getString("target_values")),
        row.getString("detail"));
  }

  /** What a deep or final result compared; null for continuous results. */
  private static Comparison comparison(Row row) {
    Long compared = row.getLong("compared_rows");
    if (compared == null) {
      return null;
    }
    Integer listed = row.getInteger("differences_listed");
    return new Comparison(
        compared,
        orZero(row.getLong("missing_rows")),
        orZero(row.getLong("extra_rows")),
        orZero(row.getLong("differing_rows")),
        listed == null ? 0 : listed,
        Boolean.TRUE.equals(row.getBoolean("differences_complete")),
        row.getInteger("passes"),
        orZero(row.getLong("duration_ms")),
        row.getLong("source_lock_ms"),
        List.of());
  }

  private static long orZero(Long value) {
    return value == null ? 0 : value;
  }

  private static ValidationStatus status(String name) {
    try {
      return ValidationStatus.parse(name);
    } catch (IllegalArgumentException e) {
      return ValidationStatus.ERROR;
    }
  }

  /** The stored document, numbers kept exact; null for SQL NULL. */
  private static JsonNode json(String text) {
    if (text == null) {
      return null;
    }
    try {
      return ChangeEventCodec.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable jsonb in the control schema", e);
    }
  }
}
