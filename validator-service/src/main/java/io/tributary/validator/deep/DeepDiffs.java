package io.tributary.validator.deep;

import io.tributary.source.spi.validate.ChangesAfter;
import io.tributary.source.spi.validate.RejectedKeys;
import io.tributary.source.spi.validate.RowScanner;
import io.tributary.source.spi.validate.ValidatedTable;
import io.tributary.source.spi.validate.ValidationSource;
import io.tributary.validator.DatabaseWait;
import io.tributary.validator.ValidatorConfig;
import io.tributary.validator.changes.ChangedKeys;
import io.tributary.validator.diff.DiffResult;
import io.tributary.validator.diff.DiffSettings;
import io.tributary.validator.diff.PacedScanner;
import io.tributary.validator.diff.TableDiffer;
import io.tributary.validator.pgtable.PostgresRowScanner;
import io.tributary.validator.target.ApplyProgressRepository;
import io.tributary.validator.target.TargetReader;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the row-by-row comparisons of deep validation ({@link TableDiffer}, within the deep
 * settings): the source read through its kind's row scanner and the target through {@link
 * PostgresRowScanner} on a thread pool of its own, both leaving out the rows apply rejected.
 * Blocking.
 */
@ApplicationScoped
class DeepDiffs {
  private final ApplyProgressRepository progress;
  private final Pool pool;
  private final ValidatorConfig config;
  private final ExecutorService targetReads;

  private final DatabaseWait wait;

  DeepDiffs(
      ApplyProgressRepository progress, Pool pool, ValidatorConfig config, DatabaseWait wait) {
    this.wait = wait;
    this.progress = progress;
    this.pool = pool;
    this.config = config;
    AtomicInteger n = new AtomicInteger();
    this.targetReads =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "tributary-deep-target-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  @PreDestroy
  void stop() {
    targetReads.shutdownNow();
  }

  /** The keys of the table's rows apply rejected, which both sides leave out. */
  RejectedKeys rejects(ValidatedTable table) {
    return RejectedKeys.of(
        table.definition(),
        wait.control(
            progress.rejectedKeys(pool, table.key()),
            "reading the rejected keys of " + table.sourceTable()));
  }

  /**
   * The keys both sides leave out for the post-switch verification: the rows apply rejected and the
   * rows the fallback window wrote back (or could not), as stored.
   */
  RejectedKeys rejectsAnd(ValidatedTable table, List<String> writtenBack) {
    List<String> keys =
        new ArrayList<>(
            wait.control(
                progress.rejectedKeys(pool, table.key()),
                "reading the rejected keys of " + table.sourceTable()));
    keys.addAll(writtenBack);
    return RejectedKeys.of(table.definition(), keys);
  }

  /**
   * Every row of the table compared on both sides.
   *
   * @param expectedRows about how many rows the table has
   */
  DiffResult whole(
      ValidatedTable table, ValidationSource source, RejectedKeys rejects, long expectedRows) {
    return new TableDiffer(settings(), targetReads)
        .diff(
            table.definition(),
            paced(source.rowScanner(table, rejects)),
            paced(targetScanner(table, rejects)),
            expectedRows);
  }

  /**
   * Every row of the table that did not change after a cutover's position compared on both sides,
   * the source read as of that position ({@link TableDiffer#diffAsOf}).
   *
   * @param expectedRows about how many rows the table has
   */
  TableDiffer.AsOfDiff asOf(
      ValidatedTable table,
      ValidationSource source,
      RejectedKeys rejects,
      long expectedRows,
      ChangesAfter changes) {
    return new TableDiffer(settings(), targetReads)
        .diffAsOf(
            table.definition(),
            paced(source.rowScanner(table, rejects)),
            // not paced: it holds its snapshot over each pass (its sums are done in the database)
            targetScanner(table, rejects),
            expectedRows,
            changes);
  }

  /**
   * The rows of {@code changed}'s keys compared on both sides, looked up by key; null when the
   * table's rows cannot be looked up by key.
   */
  DiffResult byKey(ValidatedTable table, ValidationSource source, ChangedKeys changed) {
    RejectedKeys rejects = rejects(table);
    return new TableDiffer(settings(), targetReads)
        .diffKeys(
            table.definition(),
            source.rowScanner(table, rejects),
            targetScanner(table, rejects),
            changed.keys());
  }

  /** The scanner at the configured duty cycle ({@link PacedScanner}). */
  private RowScanner paced(RowScanner scanner) {
    return PacedScanner.of(scanner, config.deep().dutyCycle());
  }

  private DiffSettings settings() {
    ValidatorConfig.Deep deep = config.deep();
    return new DiffSettings(
        deep.leafRows(),
        deep.maxRanges(),
        deep.rowBudget(),
        deep.maxRowPasses(),
        deep.maxListed(),
        4);
  }

  private RowScanner targetScanner(ValidatedTable table, RejectedKeys rejects) {
    return new PostgresRowScanner(
        () -> pool,
        table.definition(),
        rejects,
        config.fetchSize(),
        config.queryTimeout(),
        e -> TargetReader.failure(table.definition(), e));
  }
}
