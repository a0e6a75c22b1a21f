package io.tributary.validator.pgtable;

import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.tributary.common.catalog.TableDef;
import io.tributary.source.spi.validate.PgTableReads;
import io.tributary.source.spi.validate.RejectedKeys;
import io.tributary.source.spi.validate.RowScanner;
import io.tributary.source.spi.validate.ValidationException;
import io.tributary.validator.ValidatorConfig;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * The validator's reads of PostgreSQL sources for their kind's validation source: on the source's
 * pool ({@link PostgresSourcePools}), with the target side's reading code ({@link
 * PostgresTableReader}, {@link PostgresRowScanner}), each read waited for at most {@code
 * tributary.validator.query-timeout}.
 */
@ApplicationScoped
public class SourceTableReads implements PgTableReads {
  private final PostgresSourcePools pools;
  private final ValidatorConfig config;

  public SourceTableReads(PostgresSourcePools pools, ValidatorConfig config) {
    this.pools = pools;
    this.config = config;
  }

  @Override
  public List<List<Object>> query(
      String location, String sql, List<Object> parameters, ReadFailures failures) {
    Pool pool = pools.pool(location);
    Uni<RowSet<Row>> rows =
        parameters.isEmpty()
            ? pool.query(sql).execute()
            : pool.preparedQuery(sql).execute(Tuple.from(parameters));
    return await(rows.map(SourceTableReads::values), failures);
  }

  @Override
  public SnapshotRead read(
      String location,
      String before,
      String atSnapshot,
      TableDef table,
      boolean withChecksum,
      ReadFailures failures) {
    Pool pool = pools.pool(location);
    return await(
        pool.query(before)
            .execute()
            .map(rows -> values(rows.iterator().next()))
            .chain(
                first ->
                    pool.withTransaction(
                        connection ->
                            connection
                                .query(PostgresTableReader.SNAPSHOT)
                                .execute()
                                .chain(() -> connection.query(atSnapshot).execute())
                                .map(rows -> values(rows.iterator().next()))
                                .chain(
                                    snapshot ->
                                        PostgresTableReader.read(
                                                connection,
                                                table,
                                                withChecksum,
                                                config.fetchSize(),
                                                false,
                                                config.deep().dutyCycle())
                                            .map(
                                                rows ->
                                                    new SnapshotRead(
                                                        first,
                                                        snapshot,
                                                        rows.rows(),
                                                        rows.checksum()))))),
        failures);
  }

  @Override
  public RowScanner rowScanner(
      String location, TableDef table, RejectedKeys rejects, ReadFailures failures) {
    return new PostgresRowScanner(
        () -> pools.pool(location),
        table,
        rejects,
        config.fetchSize(),
        config.queryTimeout(),
        e -> failures.failed(error(e)));
  }

  private <T> T await(Uni<T> read, ReadFailures failures) {
    try {
      return read.onFailure(e -> !(e instanceof ValidationException))
          .transform(e -> failures.failed(error(e)))
          .await()
          .atMost(config.queryTimeout());
    } catch (TimeoutException e) {
      throw failures.timedOut(e);
    }
  }

  /** A failure, with the server's SQLSTATE and message when the server refused the statement. */
  static ReadError error(Throwable e) {
    return e instanceof PgException pg
        ? new ReadError(e, pg.getSqlState(), pg.getErrorMessage())
        : new ReadError(e, null, null);
  }

  private static List<List<Object>> values(RowSet<Row> rows) {
    List<List<Object>> out = new ArrayList<>();
    for (Row row : rows) {
      out.add(values(row));
    }
    return out;
  }

  /** A row's values in column order (nulls kept). */
  private static List<Object> values(Row row) {
    List<Object> values = new ArrayList<>(row.size());
    for (int i = 0; i < row.size(); i++) {
      values.add(row.getValue(i));
    }
    return values;
  }
}
