package io.tributary.orchestrator.control;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import java.util.List;

/**
 * Runs SQL statements one after another, each after the previous one completed, each through the
 * extended protocol: PostgreSQL takes exactly one statement there, so a fragment that slipped into
 * one can never start another. A failure is a {@link StatementFailedException} that names the
 * statement.
 */
public final class StatementSequence {
  private StatementSequence() {}

  /**
   * Runs the statements in order on one client (pass a connection to keep them in its transaction).
   */
  public static Uni<Void> run(SqlClient client, List<String> statements) {
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (String sql : statements) {
      chain =
          chain.chain(
              () ->
                  client
                      .preparedQuery(sql)
                      .execute()
                      .replaceWithVoid()
                      .onFailure()
                      .transform(e -> new StatementFailedException(sql, e)));
    }
    return chain;
  }
}
