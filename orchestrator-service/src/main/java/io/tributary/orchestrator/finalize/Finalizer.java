package io.tributary.orchestrator.finalize;

import io.tributary.common.control.FinalizeStepState;
import io.tributary.common.sql.FinalizeStep.Kind;
import io.tributary.orchestrator.OrchestratorConfig;
import io.tributary.orchestrator.state.MigrationNotFoundException;
import io.tributary.orchestrator.state.MigrationRepository;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Runs a migration's finalize steps against the target, in order, each in its own transaction,
 * recording each outcome: steps done before are not run again (except the sequences and ANALYZE,
 * which replication makes stale), a failing step does not stop the others. A foreign key that does
 * not validate stays {@code NOT VALID} (new rows are checked, existing ones are not) and the step
 * says how many rows reference nothing; nothing is deleted.
 *
 * <p>Apply writes the tables of a source in no common order, so while replication runs a foreign
 * key could refuse a child row whose parent has not arrived yet: foreign-key steps run only when
 * asked for (the cutover, after the drain), and are otherwise {@code skipped}.
 */
@ApplicationScoped
public class Finalizer {
  private static final Logger LOG = Logger.getLogger(Finalizer.class);

  private final Pool pool;
  private final FinalizeRepository steps;
  private final MigrationRepository migrations;
  private final OrchestratorConfig config;

  public Finalizer(
      Pool pool,
      FinalizeRepository steps,
      MigrationRepository migrations,
      OrchestratorConfig config) {
    this.pool = pool;
    this.steps = steps;
    this.migrations = migrations;
    this.config = config;
  }

  /**
   * Runs the steps of {@code migration}.
   *
   * @param phase which steps run now
   * @return every step with its outcome
   * @throws MigrationNotFoundException when there is no such migration
   * @throws TablesStillLoadingException while tables are loaded by COPY without their keys (their
   *     indexes and foreign keys come after them)
   */
  public List<FinalizeStepRecord> finalizeMigration(String migration, FinalizePhase phase) {
    if (migrations.find(pool, migration).await().atMost(config.databaseTimeout()).isEmpty()) {
      throw new MigrationNotFoundException(migration);
    }
    List<String> copying =
        steps.stillCopying(pool, migration).await().atMost(config.databaseTimeout());
    if (!copying.isEmpty()) {
      throw new TablesStillLoadingException(migration, copying);
    }
    List<FinalizeRepository.Step> all =
        steps.list(pool, migration).await().atMost(config.databaseTimeout());
    for (FinalizeRepository.Step step : all) {
      FinalizeStepRecord r = step.record();
      Kind kind = r.kind();
      if (r.state() == FinalizeStepState.DONE && !kind.repeats()) {
        continue;
      }
      String skipped = phase.skips(kind);
      if (skipped != null) {
        if (r.state() != FinalizeStepState.DONE) {
          record(migration, r, FinalizeStepState.SKIPPED, skipped, 0);
        }
        continue;
      }
      long started = System.nanoTime();
      try {
        // The server ends the step at the timeout (statement_timeout), so a step that takes too
        // long does not go on holding its lock after the orchestrator gave up waiting for it
        long bound = Math.max(1, config.finalizeStepTimeout().toMillis());
        pool.withTransaction(
                c ->
                    c.query("SET LOCAL statement_timeout = " + bound)
                        .execute()
                        .flatMap(set -> c.query(r.statement()).execute()))
            .await()
            .atMost(config.finalizeStepTimeout().plus(CANCEL_GRACE));
        record(
            migration, r, FinalizeStepState.DONE, null, (System.nanoTime() - started) / 1_000_000);
      } catch (RuntimeException e) {
        long ms = (System.nanoTime() - started) / 1_000_000;
        String detail = message(e);
        if (step.violations() != null) {
          detail =
              violations(step.violations()) + "; the foreign key stays NOT VALID (" + detail + ")";
        }
        LOG.warnf("Finalize of %s: %s on %s failed: %s", migration, r.kind(), r.table(), detail);
        record(migration, r, FinalizeStepState.FAILED, detail, ms);
      }
    }
    return steps.list(pool, migration).await().atMost(config.databaseTimeout()).stream()
        .map(FinalizeRepository.Step::record)
        .toList();
  }

  /** How long past a step's timeout the orchestrator waits for the server to have cancelled it. */
  static final Duration CANCEL_GRACE = Duration.ofSeconds(10);

  private String violations(String query) {
    try {
      long rows =
          pool.query(query)
              .execute()
              .await()
              .atMost(config.finalizeStepTimeout())
              .iterator()
              .next()
              .getLong(0);
      return rows + " row(s) reference no row of the referenced table";
    } catch (RuntimeException e) {
      return "the rows that reference nothing could not be counted: " + message(e);
    }
  }

  private void record(
      String migration, FinalizeStepRecord r, FinalizeStepState state, String detail, long ms) {
    steps
        .outcome(pool, migration, r.position(), state, detail, ms)
        .await()
        .atMost(config.databaseTimeout());
  }

  private static String message(RuntimeException e) {
    Throwable cause = e;
    while (cause.getCause() != null && !(cause instanceof PgException)) {
      cause = cause.getCause();
    }
    return cause instanceof PgException pg
        ? pg.getErrorMessage() + " (" + pg.getSqlState() + ")"
        : String.valueOf(cause.getMessage());
  }

  /** The steps of a migration with their outcomes, without running anything. */
  public List<FinalizeStepRecord> list(String migration) {
    List<FinalizeStepRecord> out = new ArrayList<>();
    steps
        .list(pool, migration)
        .await()
        .atMost(config.databaseTimeout())
        .forEach(s -> out.add(s.record()));
    return out;
  }
}
