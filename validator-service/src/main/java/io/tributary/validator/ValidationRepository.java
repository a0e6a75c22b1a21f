package io.tributary.validator;

import io.smallrye.mutiny.Uni;
import io.tributary.common.validation.ValidationMode;
import io.tributary.common.validation.ValidationStatus;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Records validation results in {@code tributary.validations} and reads the latest ones back. */
@ApplicationScoped
public class ValidationRepository {
  static final String INSERT =
      """
      INSERT INTO tributary.validations (migration_id, source_name, source_table, at, mode, status,
          source_rows, target_rows, rejected_rows, source_checksum, target_checksum, detail,
          aligned_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)""";

  /**
   * The latest result of each table of a migration, whatever its mode, with where the table goes.
   */
  static final String LATEST =
      """
      SELECT DISTINCT ON (v.source_name, v.source_table)
             v.source_name, v.source_table, v.at, v.mode, v.status, v.source_rows, v.target_rows,
             v.rejected_rows, v.source_checksum, v.target_checksum, v.detail,
             v.id, v.request_id, v.compared_rows, v.missing_rows, v.extra_rows, v.differing_rows,
             v.differences_listed, v.differences_complete, v.duration_ms, v.aligned_at,
             t.target_schema, t.target_table
        FROM tributary.validations v
        LEFT JOIN tributary.tables t
          ON t.migration_id = v.migration_id AND t.source_name = v.source_name
         AND t.source_table = v.source_table
       WHERE v.migration_id = $1
       ORDER BY v.source_name, v.source_table, v.id DESC""";

  private final Pool pool;

  public ValidationRepository(Pool pool) {
    this.pool = pool;
  }

  /** Inserts one result. */
  public Uni<Void> insert(ValidationResult result) {
    return pool.preparedQuery(INSERT).execute(values(result)).replaceWithVoid();
  }

  /** The values of {@link #INSERT}'s thirteen columns, in order. */
  static Tuple values(ValidationResult result) {
    return Tuple.tuple()
        .addString(result.migration())
        .addString(result.source())
        .addString(result.table())
        .addOffsetDateTime(OffsetDateTime.ofInstant(result.at(), ZoneOffset.UTC))
        .addString(result.mode().wire())
        .addString(result.status().name())
        .addLong(result.sourceRows())
        .addLong(result.targetRows())
        .addLong(result.rejectedRows())
        .addString(result.sourceChecksum())
        .addString(result.targetChecksum())
        .addString(result.detail())
        .addLong(result.alignedAt());
  }

  /**
   * The latest recorded result of each table of a migration, ordered by source and table. {@code
   * expectedRejects} and {@code applyLag} are not recorded and come back null.
   */
  public Uni<List<ValidationResult>> latest(String migration) {
    return pool.preparedQuery(LATEST)
        .execute(Tuple.of(migration))
        .map(
            rows -> {
              List<ValidationResult> results = new ArrayList<>();
              for (Row row : rows) {
                results.add(toResult(migration, row));
              }
              return results;
            });
  }

  private static ValidationResult toResult(String migration, Row row) {
    return new ValidationResult(
        migration,
        row.getString("source_name"),
        row.getString("source_table"),
        row.getString("target_schema"),
        row.getString("target_table"),
        ValidationMode.parse(row.getString("mode")),
        status(row.getString("status")),
        row.getLong("source_rows"),
        row.getLong("target_rows"),
        row.getLong("rejected_rows"),
        null,
        null,
        row.getString("source_checksum"),
        row.getString("target_checksum"),
        row.getString("detail"),
        row.getOffsetDateTime("at").toInstant(),
        comparison(row),
        row.getLong("aligned_at"));
  }

  /** The stored summary of a deep or final result (its differences are not read here). */
  private static Comparison comparison(Row row) {
    if (ValidationMode.CONTINUOUS.wire().equals(row.getString("mode"))
        || row.getLong("compared_rows") == null) {
      return null;
    }
    return new Comparison(
        row.getLong("request_id"),
        row.getLong("id"),
        row.getLong("compared_rows"),
        orZero(row.getLong("missing_rows")),
        orZero(row.getLong("extra_rows")),
        orZero(row.getLong("differing_rows")),
        row.getInteger("differences_listed") == null ? 0 : row.getInteger("differences_listed"),
        Boolean.TRUE.equals(row.getBoolean("differences_complete")),
        0,
        orZero(row.getLong("duration_ms")),
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
}
