package io.tributary.orchestrator.finalize;

import io.tributary.common.control.FinalizeStepState;
import io.tributary.common.sql.FinalizeStep.Kind;
import io.tributary.common.sql.IndexStatementBuilder;
import io.tributary.common.sql.SchemaRoleDdlBuilder;
import io.tributary.orchestrator.OrchestratorConfig;
import io.tributary.orchestrator.state.MigrationNotFoundException;
import io.tributary.orchestrator.state.MigrationRepository;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Runs a migration's finalize steps against the target, in order, each in its own transaction,
 * recording each outcome: steps done before are not run again (except the sequences and ANALYZE,
 * which replication makes stale), a failing step does not stop the others. A foreign key that does
 * not validate stays {@code NOT VALID} (new rows are checked, existing ones are not) and the step
 * says how many rows reference nothing; nothing is deleted.
 *
 * <p>Nor for an index: a unique index that finds values held twice (23505) or an index whose row
 * would be too large for some rows (54000) is built without those rows — a partial index leaving
 * them out by their key ({@link IndexExclusions}) — and recorded {@code partial}, the rows named in
 * its detail; they stay in the table (they are the source's rows, validated as such: an index the
 * target cannot build whole is no reason to take them from the application). A {@code partial} step
 * is tried whole again at the next finalize.
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
    // the definition-only steps first, each waiting a moment for its table's exclusive lock (a
    // longer wait would hold up everything queued behind it on the table); those whose table was
    // held longer (the validator's checksum of it, say) after the index builds, several at once;
    // then the rest in order (foreign keys need the unique indexes they reference), the
    // validations and ANALYZE last, several tables at once
    List<FinalizeRepository.Step> heldUp = new ArrayList<>();
    for (FinalizeRepository.Step step : all) {
      if (step.record().kind().definitionOnly()
          && runStep(migration, step, phase, LockWait.ONCE) == Outcome.LOCK_NOT_AVAILABLE) {
        heldUp.add(step);
      }
    }
    runAtOnce(
        all.stream().filter(s -> s.record().kind().buildsIndex()).toList(),
        step -> runStep(migration, step, phase, LockWait.NONE));
    for (FinalizeRepository.Step step : heldUp) {
      runStep(migration, step, phase, LockWait.UNTIL_TIMEOUT);
    }
    for (FinalizeRepository.Step step : all) {
      Kind kind = step.record().kind();
      if (!kind.buildsIndex() && !kind.definitionOnly() && !TableQueues.queued(kind)) {
        runStep(migration, step, phase, LockWait.NONE);
      }
    }
    // then the validations and ANALYZE, a queue per table, several tables at once
    runAtOnce(
        TableQueues.of(all),
        queue -> queue.forEach(step -> runStep(migration, step, phase, LockWait.NONE)));
    return steps.list(pool, migration).await().atMost(config.databaseTimeout()).stream()
        .map(FinalizeRepository.Step::record)
        .toList();
  }

  /** How a step waits for the locks its statement takes. */
  enum LockWait {
    /** As long as the step may run ({@link OrchestratorConfig#finalizeStepTimeout}). */
    NONE,
    /** One wait of {@link OrchestratorConfig#finalizeLockWait}; not had, nothing is recorded. */
    ONCE,
    /**
     * Waits of {@link OrchestratorConfig#finalizeLockWait}, tried again until the step's timeout.
     */
    UNTIL_TIMEOUT
  }

  /** What running a step came to. */
  enum Outcome {
    /** Run (or left alone, or skipped) and its outcome recorded. */
    RECORDED,
    /** Its table's lock was not had within one wait ({@link LockWait#ONCE}): nothing recorded. */
    LOCK_NOT_AVAILABLE
  }

  /** PostgreSQL's SQLSTATE for a lock not had within {@code lock_timeout}. */
  static final String LOCK_NOT_AVAILABLE = "55P03";

  /** Runs one step unless it is done or skipped in this phase, and records its outcome. */
  private Outcome runStep(
      String migration, FinalizeRepository.Step step, FinalizePhase phase, LockWait lockWait) {
    FinalizeStepRecord r = step.record();
    Kind kind = r.kind();
    if (r.state() == FinalizeStepState.DONE && !kind.repeats()) {
      return Outcome.RECORDED;
    }
    String skipped = phase.skips(kind);
    if (skipped != null) {
      if (r.state() != FinalizeStepState.DONE) {
        record(migration, r, FinalizeStepState.SKIPPED, skipped, 0);
      }
      return Outcome.RECORDED;
    }
    long started = System.nanoTime();
    try {
      String statement =
          r.state() == FinalizeStepState.PARTIAL
              ? IndexStatementBuilder.dropIndex(r.table(), r.statement()) + "; " + r.statement()
              : r.statement();
      // as the table's owner, but foreign keys: they may reference another schema's table, which
      // only Tributary's role may (and they evaluate no expression of the source's); an object's
      // statement sets the role it is made as itself
      run(statement, lockWait, kind.foreignKey() || kind == Kind.OBJECT ? null : r.table());
      record(migration, r, FinalizeStepState.DONE, null, (System.nanoTime() - started) / 1_000_000);
    } catch (RuntimeException e) {
      if (lockWait == LockWait.ONCE && LOCK_NOT_AVAILABLE.equals(sqlState(e))) {
        LOG.infof(
            "Finalize of %s: %s on %s waits: its table is held (%s); tried again after the index"
                + " builds",
            migration, kind, r.table(), message(e));
        return Outcome.LOCK_NOT_AVAILABLE;
      }
      String detail = message(e);
      FinalizeStepState state = FinalizeStepState.FAILED;
      if (lockWait == LockWait.UNTIL_TIMEOUT && LOCK_NOT_AVAILABLE.equals(sqlState(e))) {
        detail =
            "other sessions held the table for longer than the step may take"
                + " (tributary.orchestrator.finalize-step-timeout, "
                + config.finalizeStepTimeout()
                + "); finalize again to run it: "
                + detail;
      } else if (kind == Kind.VALIDATE && step.violations() != null) {
        detail =
            violations(step.violations()) + "; the foreign key stays NOT VALID (" + detail + ")";
      } else if (IndexExclusions.applies(kind, step.violations(), sqlState(e))) {
        IndexExclusions.Outcome without = buildWithout(r, step.violations(), e);
        state = without.state();
        detail = without.detail();
      }
      long ms = (System.nanoTime() - started) / 1_000_000;
      if (state == FinalizeStepState.FAILED) {
        LOG.warnf("Finalize of %s: %s on %s failed: %s", migration, r.kind(), r.table(), detail);
      } else {
        LOG.warnf("Finalize of %s: %s on %s %s", migration, r.kind(), r.table(), detail);
      }
      record(migration, r, state, detail, ms);
    }
    return Outcome.RECORDED;
  }

  /**
   * Runs {@code action} on each item (a step, or a table's queue of steps), {@link
   * OrchestratorConfig#finalizeIndexBuilds} at once, and waits for all of them; the first failure
   * of one (a step's own failure is recorded, not thrown) is thrown once every one ended.
   */
  private <T> void runAtOnce(List<T> group, Consumer<T> action) {
    if (group.size() <= 1 || config.finalizeIndexBuilds() <= 1) {
      group.forEach(action);
      return;
    }
    ExecutorService threads =
        Executors.newFixedThreadPool(
            Math.min(group.size(), config.finalizeIndexBuilds()),
            r -> {
              Thread t = new Thread(r, "tributary-finalize");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<?>> running = new ArrayList<>();
      for (T item : group) {
        running.add(threads.submit(() -> action.accept(item)));
      }
      RuntimeException first = null;
      for (Future<?> f : running) {
        try {
          f.get();
        } catch (ExecutionException e) {
          if (first == null) {
            first =
                e.getCause() instanceof RuntimeException r
                    ? r
                    : new IllegalStateException(e.getCause());
          }
        }
      }
      if (first != null) {
        throw first;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while finalize ran steps at once", e);
    } finally {
      threads.shutdownNow();
    }
  }

  /**
   * Runs a statement in its own transaction, ended by the server at the step's timeout
   * (statement_timeout), so that a step that takes too long does not go on holding its lock after
   * the orchestrator gave up waiting for it; as the role that owns {@code owned} (quoted and
   * qualified; null: as Tributary's), see {@link SchemaRoleDdlBuilder#actAsOwnerOf}.
   */
  private void run(String statement, String owned) {
    run(statement, LockWait.NONE, owned);
  }

  /**
   * As {@link #run(String, String)}, each try waiting at most {@link
   * OrchestratorConfig#finalizeLockWait} for a lock unless {@code lockWait} is {@link
   * LockWait#NONE}; {@link LockWait#UNTIL_TIMEOUT} tries again, a wait apart, while the step's
   * timeout allows.
   */
  private void run(String statement, LockWait lockWait, String owned) {
    long bound = Math.max(1, config.finalizeStepTimeout().toMillis());
    long lockBound = Math.max(1, config.finalizeLockWait().toMillis());
    String settings =
        (lockWait == LockWait.NONE
                ? "SET LOCAL statement_timeout = " + bound
                : "SET LOCAL statement_timeout = "
                    + bound
                    + "; SET LOCAL lock_timeout = "
                    + lockBound)
            + (owned == null ? "" : "; " + SchemaRoleDdlBuilder.actAsOwnerOf(owned));
    long deadline = System.nanoTime() + config.finalizeStepTimeout().toNanos();
    while (true) {
      try {
        pool.withTransaction(
                c -> c.query(settings).execute().flatMap(set -> c.query(statement).execute()))
            .await()
            .atMost(config.finalizeStepTimeout().plus(CANCEL_GRACE));
        return;
      } catch (RuntimeException e) {
        boolean again =
            lockWait == LockWait.UNTIL_TIMEOUT
                && LOCK_NOT_AVAILABLE.equals(sqlState(e))
                && System.nanoTime() + 2 * lockBound * 1_000_000 < deadline;
        if (!again) {
          throw e;
        }
        pause(lockBound);
      }
    }
  }

  /** Lets whatever holds the table go on for a moment before the lock is asked for again. */
  private static void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while finalize waited for a table's lock", e);
    }
  }

  /**
   * Builds an index step's index without the rows that keep it from being built: reads them with
   * the step's query, then builds the partial index in place of whatever is there.
   */
  private IndexExclusions.Outcome buildWithout(
      FinalizeStepRecord r, String query, RuntimeException refused) {
    String error = message(refused);
    List<IndexExclusions.Excluded> rows = new ArrayList<>();
    try {
      pool.preparedQuery(query)
          .execute(Tuple.of(IndexExclusions.threshold(error)))
          .await()
          .atMost(config.finalizeStepTimeout())
          .forEach(
              row ->
                  rows.add(
                      new IndexExclusions.Excluded(
                          row.getString(0), row.getString(1), row.getString(2))));
    } catch (RuntimeException e) {
      return IndexExclusions.unread(error, message(e));
    }
    IndexExclusions.Outcome planned = IndexExclusions.plan(rows, error);
    if (planned.state() == FinalizeStepState.FAILED) {
      return planned;
    }
    try {
      run(
          IndexStatementBuilder.dropIndex(r.table(), r.statement())
              + "; "
              + IndexStatementBuilder.partialIndex(
                  r.statement(), rows.stream().map(IndexExclusions.Excluded::condition).toList()),
          r.table());
      return planned;
    } catch (RuntimeException e) {
      return IndexExclusions.notBuilt(rows, error, message(e));
    }
  }

  private static String sqlState(RuntimeException e) {
    Throwable cause = e;
    while (cause.getCause() != null && !(cause instanceof PgException)) {
      cause = cause.getCause();
    }
    return cause instanceof PgException pg ? pg.getSqlState() : null;
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
