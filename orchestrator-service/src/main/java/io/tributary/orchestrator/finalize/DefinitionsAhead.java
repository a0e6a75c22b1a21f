package io.tributary.orchestrator.finalize;

import io.smallrye.mutiny.Uni;
import io.tributary.common.control.FinalizeStepState;
import io.tributary.common.sql.FinalizeStep;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Runs a migration's definition-only finalize steps ({@link FinalizeStep.Kind#definitionOnly}: the
 * source's column defaults, identities) in the transaction that makes its tables, each in a
 * subtransaction of its own, and records each that worked as done.
 *
 * <p>Made with their tables they take no lock anyone waits for. Run by finalize, such a step needs
 * its table's exclusive lock, and waited behind the validator's first checksum of the freshly
 * loaded table (6.0 s of an 18.0 s finalize in {@code bench/run.sh}). Apply writes every column of
 * a row, so a default changes nothing that replication writes; an identity is {@code BY DEFAULT},
 * so the rows copied keep their keys. A step that fails here (a default calling a function the
 * target does not have, say) is rolled back to its savepoint and left pending: finalize runs it and
 * reports PostgreSQL's message, as it always did.
 */
@ApplicationScoped
public class DefinitionsAhead {
  private static final Logger LOG = Logger.getLogger(DefinitionsAhead.class);

  private final FinalizeRepository steps;

  public DefinitionsAhead(FinalizeRepository steps) {
    this.steps = steps;
  }

  /**
   * Runs the definition-only steps among a migration's steps, in the open transaction of {@code
   * connection} that made its tables and recorded the steps ({@link FinalizeRepository#insert}:
   * numbered in the same order).
   */
  public Uni<Void> run(SqlConnection connection, String migration, List<FinalizeStep> all) {
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (int i = 0; i < all.size(); i++) {
      FinalizeStep step = all.get(i);
      if (step.kind().definitionOnly()) {
        int position = i + 1;
        chain = chain.chain(() -> one(connection, migration, position, step));
      }
    }
    return chain;
  }

  private Uni<Void> one(
      SqlConnection connection, String migration, int position, FinalizeStep step) {
    String guarded = DefinitionAheadStatements.guarded(step.statement());
    if (guarded == null) {
      return Uni.createFrom().voidItem();
    }
    long started = System.nanoTime();
    return connection
        .query(DefinitionAheadStatements.CLEAR)
        .execute()
        .chain(() -> connection.query(guarded).execute())
        .chain(() -> connection.query(DefinitionAheadStatements.FAILURE).execute())
        .chain(
            rows -> {
              String failure = rows.iterator().next().getString(0);
              if (failure != null && !failure.isEmpty()) {
                LOG.infof(
                    "Migration %s: %s on %s left for finalize, which reports it: %s",
                    migration, step.kind(), step.table(), failure);
                return Uni.createFrom().voidItem();
              }
              return steps.outcome(
                  connection,
                  migration,
                  position,
                  FinalizeStepState.DONE,
                  null,
                  (System.nanoTime() - started) / 1_000_000);
            });
  }
}
