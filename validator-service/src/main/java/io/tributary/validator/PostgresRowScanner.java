package io.tributary.validator;

import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.diff.RejectedKeys;
import io.tributary.common.diff.RowDigester;
import io.tributary.common.diff.RowScanner;
import io.tributary.common.sql.UpsertStatementBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reads every row of a PostgreSQL table for a comparison: a target table, or a PostgreSQL source's
 * table through its {@link SourceStatementBuilder#postgresView view}. Each scan is one read-only
 * REPEATABLE READ transaction streaming through a cursor, values converted as {@link
 * TargetValueConverter} converts them, on a worker thread. Rows whose key apply rejected are
 * skipped (on the target side an older version of such a row may be there).
 */
public final class PostgresRowScanner implements RowScanner {
  private final Supplier<Pool> pool;
  private final TableDef table;
  private final RejectedKeys rejects;
  private final int fetchSize;
  private final Duration timeout;
  private final Function<Throwable, RuntimeException> failure;

  /**
   * @param table the table to read, its target names naming what to read
   * @param failure turns a read failure into the operator's words
   */
  public PostgresRowScanner(
      Supplier<Pool> pool,
      TableDef table,
      RejectedKeys rejects,
      int fetchSize,
      Duration timeout,
      Function<Throwable, RuntimeException> failure) {
    this.pool = pool;
    this.table = table;
    this.rejects = rejects;
    this.fetchSize = fetchSize;
    this.timeout = timeout;
    this.failure = failure;
  }

  @Override
  public void scan(RowSink sink) {
    RowDigester digester = rejects.isEmpty() ? null : RowDigester.of(table);
    try {
      pool.get()
          .withTransaction(
              connection ->
                  connection
                      .query(PostgresTableReader.SNAPSHOT)
                      .execute()
                      .chain(() -> connection.prepare(UpsertStatementBuilder.selectAll(table)))
                      .chain(
                          statement ->
                              statement
                                  .createStream(fetchSize)
                                  .toMulti()
                                  .emitOn(Infrastructure.getDefaultWorkerPool())
                                  .invoke(
                                      row -> {
                                        List<Object> values =
                                            TargetValueConverter.row(row, table.columns());
                                        if (digester != null
                                            && rejects.targetKey(digester.keyText(values))) {
                                          sink.rejected();
                                        } else {
                                          sink.row(values);
                                        }
                                      })
                                  .collect()
                                  .last()
                                  .eventually(statement::close)))
          .onFailure(e -> !(e instanceof ValidationException))
          .transform(failure)
          .await()
          .atMost(timeout);
    } catch (io.smallrye.mutiny.TimeoutException e) {
      throw new ValidationException(
          "reading " + table.targetSchema() + "." + table.targetTable() + " timed out", e);
    }
  }
}
