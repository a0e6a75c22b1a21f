package io.tributary.validator.target;

import io.smallrye.mutiny.Uni;
import io.tributary.common.catalog.TableDef;
import io.tributary.source.spi.validate.ValidatedTable;
import io.tributary.source.spi.validate.ValidationException;
import io.tributary.validator.ValidatorConfig;
import io.tributary.validator.pgtable.PostgresTableReader;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Counts and checksums a target table, together with apply's rejects and offsets for it, in one
 * read-only REPEATABLE READ transaction (one snapshot: apply writes rows and offsets in the same
 * transaction, so they agree). The rows are read by {@link PostgresTableReader}.
 */
@ApplicationScoped
public class TargetReader {
  static final String SNAPSHOT = PostgresTableReader.SNAPSHOT;

  private final Pool pool;
  private final ApplyProgressRepository progress;
  private final ValidatorConfig config;

  public TargetReader(Pool pool, ApplyProgressRepository progress, ValidatorConfig config) {
    this.pool = pool;
    this.progress = progress;
    this.config = config;
  }

  /** Row count, rejected rows and apply's offsets. */
  public Uni<TargetSide> count(ValidatedTable table) {
    return read(table, false);
  }

  /** Row count (as the checksum's row count), rejected rows, apply's offsets and the checksum. */
  public Uni<TargetSide> checksum(ValidatedTable table) {
    return read(table, true);
  }

  /** Apply's next offset per partition of the table's topic, read without touching the table. */
  public Uni<Map<Integer, Long>> appliedOffsets(ValidatedTable table) {
    return progress
        .progress(pool, config.applyGroup(), table.topic())
        .map(ApplyProgressRepository.Progress::nextOffsets);
  }

  private Uni<TargetSide> read(ValidatedTable table, boolean withChecksum) {
    return pool.withTransaction(
            connection ->
                connection
                    .query(SNAPSHOT)
                    .execute()
                    .chain(() -> progress.rejectedRows(connection, table.key()))
                    .chain(
                        rejected ->
                            progress
                                .progress(connection, config.applyGroup(), table.topic())
                                .chain(
                                    applied ->
                                        PostgresTableReader.read(
                                                connection,
                                                table.definition(),
                                                withChecksum,
                                                config.fetchSize(),
                                                true,
                                                config.deep().dutyCycle())
                                            .map(
                                                rows ->
                                                    new TargetSide(
                                                        rows.rows(),
                                                        rejected,
                                                        applied.nextOffsets(),
                                                        rows.checksum(),
                                                        applied.appliedPosition())))))
        .ifNoItem()
        .after(config.queryTimeout())
        .failWith(
            () ->
                new ValidationException(
                    "reading target table " + name(table.definition()) + " timed out"))
        .onFailure(e -> !(e instanceof ValidationException))
        .transform(e -> failure(table.definition(), e));
  }

  public static ValidationException failure(TableDef table, Throwable e) {
    if (e instanceof PgException pg && "42P01".equals(pg.getSqlState())) {
      return new ValidationException("target table " + name(table) + " does not exist", e);
    }
    if (e instanceof PgException pg && "42703".equals(pg.getSqlState())) {
      return new ValidationException(
          "target table "
              + name(table)
              + " no longer has the recorded columns: "
              + pg.getErrorMessage(),
          e);
    }
    if (e instanceof IllegalArgumentException) {
      return new ValidationException("target table " + name(table) + ": " + e.getMessage(), e);
    }
    return new ValidationException(
        "cannot read target table " + name(table) + ": " + e.getMessage(), e);
  }

  private static String name(TableDef table) {
    return table.targetSchema() + "." + table.targetTable();
  }

  /**
   * The target side read by {@code future}, its failure rethrown as a {@link ValidationException}.
   */
  public static TargetSide join(CompletableFuture<TargetSide> future) {
    try {
      return future.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new ValidationException("target checksum failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ValidationException("interrupted while reading the target", e);
    }
  }
}
