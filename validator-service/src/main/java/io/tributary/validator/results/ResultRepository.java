package io.tributary.validator.results;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.tributary.common.validation.Comparison;
import io.tributary.common.validation.ValidationResult;
import io.tributary.common.validation.ValidationRows;
import io.tributary.source.spi.validate.TableKey;
import io.tributary.validator.diff.Difference;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Stores validation results: a continuous one in {@code tributary.validations}, a deep or final one
 * with its listed differences ({@code tributary.validation_differences}) in one transaction; and
 * reads the latest ones back ({@link ValidationRows}).
 */
@ApplicationScoped
public class ResultRepository {
  /** Every field of a result (its differences apart: {@link #INSERT_DIFFERENCE}). */
  static final String INSERT =
      """
      INSERT INTO tributary.validations (migration_id, source_name, source_table, at, mode, status,
          source_rows, target_rows, rejected_rows, source_checksum, target_checksum, detail,
          aligned_at, expected_rejects, apply_lag, request_id, compared_rows, missing_rows,
          extra_rows, differing_rows, differences_listed, differences_complete, passes,
          duration_ms, source_lock_ms)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
              $19, $20, $21, $22, $23, $24, $25)""";

  /** The latest result of each table of a migration, whatever its mode. */
  static final String LATEST =
      ValidationRows.SELECT_RESULT
          + """
       WHERE v.id IN (
             SELECT DISTINCT ON (source_name, source_table) id FROM tributary.validations
              WHERE migration_id = $1
              ORDER BY source_name, source_table, id DESC)
       ORDER BY v.source_name, v.source_table""";

  static final String INSERT_DIFFERENCE =
      """
      INSERT INTO tributary.validation_differences (validation_id, position, kind, row_key, columns,
          source_values, target_values, detail)
      VALUES ($1, $2, $3, $4::text::jsonb, $5, $6::text::jsonb, $7::text::jsonb, $8)""";

  private static final int BATCH = 500;
  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  /** The tables a precutover verification at the given position found equal. */
  static final String VERIFIED_AT =
      """
      SELECT v.source_name, v.source_table FROM tributary.validations v
        JOIN tributary.validation_requests r ON r.id = v.request_id
       WHERE r.migration_id = $1 AND r.mode = 'precutover' AND v.status = 'MATCH'
         AND CASE WHEN cardinality(r.until_fences) > 0 THEN r.until_fences
                  ELSE r.since_fences END = $2""";

  private final Pool pool;

  public ResultRepository(Pool pool) {
    this.pool = pool;
  }

  /** Inserts one result. */
  public Uni<Void> insert(ValidationResult result) {
    return pool.preparedQuery(INSERT).execute(values(result)).replaceWithVoid();
  }

  /** The values of {@link #INSERT}'s columns, in order. */
  static Tuple values(ValidationResult result) {
    Comparison c = result.comparison();
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
        .addLong(result.alignedAt())
        .addLong(result.expectedRejects())
        .addLong(result.applyLag())
        .addLong(result.requestId())
        .addLong(c == null ? null : c.comparedRows())
        .addLong(c == null ? null : c.missingRows())
        .addLong(c == null ? null : c.extraRows())
        .addLong(c == null ? null : c.differingRows())
        .addInteger(c == null ? null : c.differencesListed())
        .addBoolean(c == null ? null : c.differencesComplete())
        .addInteger(c == null ? null : c.passes())
        .addLong(c == null ? null : c.durationMs())
        .addLong(c == null ? null : c.sourceLockMs());
  }

  /** The latest recorded result of each table of a migration, ordered by source and table. */
  public Uni<List<ValidationResult>> latest(String migration) {
    return pool.preparedQuery(LATEST)
        .execute(Tuple.of(migration))
        .map(
            rows -> {
              List<ValidationResult> results = new ArrayList<>();
              for (Row row : rows) {
                results.add(ValidationRows.result(row.getDelegate()));
              }
              return results;
            });
  }

  /** Stores the result and its differences; returns the result's id. */
  public long store(ValidationResult result, List<Difference> differences) {
    Tuple values = ResultRepository.values(result);
    return pool.withTransaction(
            connection ->
                connection
                    .preparedQuery(INSERT + " RETURNING id")
                    .execute(values)
                    .map(rows -> rows.iterator().next().getLong(0))
                    .call(id -> insertDifferences(connection, id, differences)))
        .await()
        .atMost(TIMEOUT);
  }

  private static Uni<Void> insertDifferences(
      SqlConnection connection, long id, List<Difference> differences) {
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (int from = 0; from < differences.size(); from += BATCH) {
      List<Tuple> batch = new ArrayList<>();
      for (int i = from; i < Math.min(differences.size(), from + BATCH); i++) {
        Difference d = differences.get(i);
        batch.add(
            Tuple.tuple()
                .addLong(id)
                .addInteger(i + 1)
                .addString(d.kind().label())
                .addString(json(d.key()))
                .addArrayOfString(d.columns() == null ? null : d.columns().toArray(String[]::new))
                .addString(json(d.sourceValues()))
                .addString(json(d.targetValues()))
                .addString(d.detail()));
      }
      chain =
          chain.chain(
              () ->
                  connection
                      .preparedQuery(INSERT_DIFFERENCE)
                      .executeBatch(batch)
                      .replaceWithVoid());
    }
    return chain;
  }

  /** The JSON text, with NUL characters (which jsonb refuses) spelled out as text. */
  static String json(JsonNode node) {
    return node == null ? null : node.toString().replace("\\u0000", "\\\\u0000");
  }

  /**
   * The tables of the migration that a precutover verification at the position marked by these
   * fences found equal (MATCH): the first verification at P, or a catch-up round whose new position
   * they mark. Blocking.
   */
  public Set<TableKey> verifiedAt(String migration, List<Long> sinceFences) {
    Set<TableKey> out = new HashSet<>();
    for (Row row :
        pool.preparedQuery(VERIFIED_AT)
            .execute(Tuple.of(migration, sinceFences.toArray(Long[]::new)))
            .await()
            .atMost(TIMEOUT)) {
      out.add(new TableKey(migration, row.getString("source_name"), row.getString("source_table")));
    }
    return out;
  }
}
