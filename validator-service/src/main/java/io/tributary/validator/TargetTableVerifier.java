package io.tributary.validator;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.sql.UpsertStatementBuilder;
import io.tributary.common.value.TableChecksum;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Counts and checksums a target table, together with apply's rejects and offsets for it, in one
 * read-only REPEATABLE READ transaction (one snapshot: apply writes rows and offsets in the same
 * transaction, so they agree). The checksum streams the rows through a cursor ({@code fetchSize}
 * rows a round trip) and hashes them on a worker thread, so memory does not grow with the table and
 * the event loop is not held.
 */
@ApplicationScoped
public class TargetTableVerifier {
  static final String SNAPSHOT = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY";

  private final Pool pool;
  private final ApplyProgressRepository progress;
  private final ValidatorConfig config;

  public TargetTableVerifier(Pool pool, ApplyProgressRepository progress, ValidatorConfig config) {
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
                                .nextOffsets(connection, config.applyGroup(), table.topic())
                                .chain(
                                    offsets ->
                                        rows(connection, table.definition(), withChecksum)
                                            .map(
                                                rows ->
                                                    new TargetSide(
                                                        rows.rows(),
                                                        rejected,
                                                        offsets,
                                                        rows.checksum())))))
        .ifNoItem()
        .after(config.queryTimeout())
        .failWith(
            () ->
                new ValidationException(
                    "reading target table " + name(table.definition()) + " timed out"))
        .onFailure(e -> !(e instanceof ValidationException))
        .transform(e -> failure(table.definition(), e));
  }

  private Uni<Rows> rows(SqlConnection connection, TableDef table, boolean withChecksum) {
    if (!withChecksum) {
      return connection
          .query(UpsertStatementBuilder.count(table))
          .execute()
          .map(rows -> new Rows(rows.iterator().next().getLong(0), null));
    }
    List<ColumnDef> columns = table.columns();
    return connection
        .prepare(UpsertStatementBuilder.selectAll(table))
        .chain(
            statement ->
                statement
                    .createStream(config.fetchSize())
                    .toMulti()
                    .emitOn(Infrastructure.getDefaultWorkerPool())
                    .collect()
                    .in(
                        TableChecksum::new,
                        (sum, row) -> sum.add(TargetValueConverter.row(row, columns)))
                    .map(sum -> new Rows(sum.rows(), sum.hex()))
                    .eventually(statement::close));
  }

  private static ValidationException failure(TableDef table, Throwable e) {
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

  private record Rows(long rows, String checksum) {}
}
