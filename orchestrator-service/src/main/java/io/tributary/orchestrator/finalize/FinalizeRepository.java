package io.tributary.orchestrator.finalize;

import io.smallrye.mutiny.Uni;
import io.tributary.common.control.FinalizeStepState;
import io.tributary.common.sql.FinalizeStep;
import io.tributary.common.sql.FinalizeStep.Kind;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** Finalize's rows in the control schema ({@code tributary.finalize_steps}). */
@ApplicationScoped
public class FinalizeRepository {
  static final String INSERT =
      """
      INSERT INTO tributary.finalize_steps
        (migration_id, position, kind, target_table, statement, violations)
      VALUES ($1, $2, $3, $4, $5, $6)""";

  static final String LIST =
      """
      SELECT position, kind, target_table, statement, violations, state, detail, duration_ms, done_at
        FROM tributary.finalize_steps WHERE migration_id = $1 ORDER BY position""";

  static final String OUTCOME =
      """
      UPDATE tributary.finalize_steps
         SET state = $3, detail = $4, duration_ms = $5, done_at = now()
       WHERE migration_id = $1 AND position = $2""";

  static final String RESET =
      """
      UPDATE tributary.finalize_steps
         SET state = 'pending', detail = $3, duration_ms = NULL, done_at = NULL
       WHERE migration_id = $1 AND kind = ANY($2) AND state <> 'pending'""";

  /** Records a migration's finalize steps, numbered in order (at provisioning). */
  public Uni<Void> insert(SqlClient client, String migration, List<FinalizeStep> steps) {
    if (steps.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    List<Tuple> batch = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      FinalizeStep step = steps.get(i);
      batch.add(
          Tuple.tuple()
              .addString(migration)
              .addInteger(i + 1)
              .addString(step.kind().name())
              .addString(step.table())
              .addString(step.statement())
              .addString(step.violations()));
    }
    return client.preparedQuery(INSERT).executeBatch(batch).replaceWithVoid();
  }

  /** A migration's steps in order; each with its violations query as the last element. */
  /**
   * The target tables of a migration still loaded by COPY, their keys not built yet ($1 migration;
   * V7__bulk_load.sql): finalize waits for them.
   */
  static final String STILL_COPYING =
      """
      SELECT target_schema || '.' || target_table FROM tributary.tables
       WHERE migration_id = $1 AND bulk_load AND key_built_at IS NULL
       ORDER BY 1""";

  /** See {@link #STILL_COPYING}. */
  public Uni<List<String>> stillCopying(SqlClient client, String migration) {
    return client
        .preparedQuery(STILL_COPYING)
        .execute(Tuple.of(migration))
        .map(
            rows -> {
              List<String> tables = new ArrayList<>();
              rows.forEach(r -> tables.add(r.getString(0)));
              return tables;
            });
  }

  public Uni<List<Step>> list(SqlClient client, String migration) {
    return client
        .preparedQuery(LIST)
        .execute(Tuple.of(migration))
        .map(
            rows -> {
              List<Step> steps = new ArrayList<>();
              for (Row r : rows) {
                steps.add(
                    new Step(
                        new FinalizeStepRecord(
                            r.getInteger("position"),
                            Kind.valueOf(r.getString("kind")),
                            r.getString("target_table"),
                            r.getString("statement"),
                            FinalizeStepState.parse(r.getString("state")),
                            r.getString("detail"),
                            r.getLong("duration_ms"),
                            r.getOffsetDateTime("done_at")),
                        r.getString("violations")));
              }
              return steps;
            });
  }

  /** Makes the steps of these kinds pending again, saying why; the next finalize runs them. */
  public Uni<Void> reset(SqlClient client, String migration, List<Kind> kinds, String detail) {
    return client
        .preparedQuery(RESET)
        .execute(Tuple.of(migration, kinds.stream().map(Kind::name).toArray(String[]::new), detail))
        .replaceWithVoid();
  }

  /** Records the outcome of one step's run. */
  public Uni<Void> outcome(
      SqlClient client,
      String migration,
      int position,
      FinalizeStepState state,
      String detail,
      long ms) {
    return client
        .preparedQuery(OUTCOME)
        .execute(Tuple.of(migration, position, state.wire(), detail, ms))
        .replaceWithVoid();
  }

  /**
   * A step as stored, with its violations query (foreign keys).
   *
   * @param record the step
   * @param violations counts the rows that keep a foreign key from validating; null otherwise
   */
  public record Step(FinalizeStepRecord record, String violations) {}
}
