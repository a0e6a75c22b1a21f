package io.tributary.validator;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.tributary.common.validation.ValidationResult;
import io.tributary.validator.diff.Difference;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Stores a deep or final result: its {@code tributary.validations} row (with the request and what
 * was found) and its listed differences in {@code tributary.validation_differences}, in one
 * transaction. Blocking.
 */
@ApplicationScoped
public class ComparisonRepository {
  static final String INSERT = ValidationRepository.INSERT + " RETURNING id";

  static final String INSERT_DIFFERENCE =
      """
      INSERT INTO tributary.validation_differences (validation_id, position, kind, row_key, columns,
          source_values, target_values, detail)
      VALUES ($1, $2, $3, $4::text::jsonb, $5, $6::text::jsonb, $7::text::jsonb, $8)""";

  private static final int BATCH = 500;
  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  private final Pool pool;

  public ComparisonRepository(Pool pool) {
    this.pool = pool;
  }

  /** Stores the result and its differences; returns the result's id. */
  public long store(ValidationResult result, List<Difference> differences) {
    Tuple values = ValidationRepository.values(result);
    return pool.withTransaction(
            connection ->
                connection
                    .preparedQuery(INSERT)
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
}
