package io.tributary.validator.pgtable;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.sql.CanonicalSqlBuilder;
import io.tributary.common.sql.UpsertStatementBuilder;
import io.tributary.source.spi.validate.KeyLookup;
import io.tributary.source.spi.validate.KeyRanges;
import io.tributary.source.spi.validate.RangeSums;
import io.tributary.source.spi.validate.RejectedKeys;
import io.tributary.source.spi.validate.RowDigester;
import io.tributary.source.spi.validate.RowScanner;
import io.tributary.source.spi.validate.ValidationException;
import io.tributary.validator.diff.HeldSnapshot;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reads every row of a PostgreSQL table for a comparison: a target table, or a PostgreSQL source's
 * table through its view. Each scan is one read-only REPEATABLE READ transaction streaming through
 * a cursor, values converted as {@link PostgresValueConverter} converts them, on a worker thread.
 * Rows whose key apply rejected are skipped (on the target side an older version of such a row may
 * be there).
 *
 * <p>Where the canonical form allows ({@link CanonicalSqlBuilder}: every column of a type
 * PostgreSQL can spell canonically, and no rejected keys to leave out) the hashing is done by the
 * database: a pass over {@code 2^d} equal ranges reads one row per range ({@code GROUP BY} the key
 * hash's prefix), a pass over split ranges reads three numbers a row, and the row-by-row passes
 * read only the rows of the ranges they compare (when there are at most {@value #MAX_FILTERED} and
 * they are not the whole key-hash space, as a first pass's are: those read every row without a
 * filter).
 */
public final class PostgresRowScanner implements RowScanner, HeldSnapshot {
  /** The most ranges a row-by-row pass filters on in SQL; beyond, every row is read. */
  static final int MAX_FILTERED = 1024;

  private static final BigDecimal TWO_64 = new BigDecimal(BigInteger.ONE.shiftLeft(64));

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
    stream(UpsertStatementBuilder.selectAll(table), Tuple.tuple(), sink);
  }

  @Override
  public void scan(KeyRanges ranges, RowSink sink) {
    String filtered = CanonicalSqlBuilder.selectInRanges(table);
    if (filtered == null || ranges.size() > MAX_FILTERED || coversEverything(ranges)) {
      scan(sink);
      return;
    }
    Integer[] depths = new Integer[ranges.size()];
    Long[] starts = new Long[ranges.size()];
    for (int i = 0; i < depths.length; i++) {
      depths[i] = ranges.depth(i);
      starts[i] = ranges.start(i);
    }
    stream(filtered, Tuple.of(depths, starts), sink);
  }

  @Override
  public boolean scanKeys(List<ObjectNode> keys, RowSink sink) {
    if (KeyLookup.unsupported(table, KeyLookup.POSTGRES) != null) {
      return false;
    }
    if (!keys.isEmpty()) {
      stream(
          KeyLookupSqlBuilder.selectByKeys(table),
          Tuple.of(KeyLookup.targetParameter(table, keys)),
          sink);
    }
    return true;
  }

  /** True when the ranges hold every hash (a first pass): there is nothing to filter out. */
  static boolean coversEverything(KeyRanges ranges) {
    if (ranges.uniformDepth() >= 0) {
      return true;
    }
    for (int i = 0; i < ranges.size(); i++) {
      if (ranges.depth(i) == 0) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean sumInDatabase(KeyRanges ranges, RangeSums sums) {
    if (!sumsInDatabase()) {
      return false;
    }
    inSnapshot(connection -> sumsOn(connection, ranges, sums));
    return true;
  }

  /**
   * A pass of a comparison as of a cutover's position, in one snapshot: the ranges' rows summed (in
   * the database where it can, else each row of the ranges streamed to {@code rows}), then, once
   * {@code leftOut} gives the keys the source left out of its pass, the rows of those keys streamed
   * to {@code leftOutRows} — as the sums counted them, so that they can be taken out again. The
   * snapshot stays open while the source is read.
   */
  @Override
  public void sumThenRead(
      KeyRanges ranges,
      RangeSums sums,
      RowSink rows,
      CompletionStage<List<ObjectNode>> leftOut,
      RowSink leftOutRows) {
    boolean byKey = KeyLookup.unsupported(table, KeyLookup.POSTGRES) == null;
    inSnapshot(
        connection ->
            (sumsInDatabase()
                    ? sumsOn(connection, ranges, sums)
                    : rowsOn(
                        connection, UpsertStatementBuilder.selectAll(table), Tuple.tuple(), rows))
                .chain(() -> Uni.createFrom().completionStage(leftOut))
                .chain(
                    keys ->
                        keys.isEmpty() || !byKey
                            ? Uni.createFrom().voidItem()
                            : rowsOn(
                                    connection,
                                    KeyLookupSqlBuilder.selectByKeys(table),
                                    Tuple.of(KeyLookup.targetParameter(table, keys)),
                                    leftOutRows)
                                .replaceWithVoid()));
  }

  /** Whether the database sums the rows (no rejected keys to leave out, every type canonical). */
  private boolean sumsInDatabase() {
    return rejects.isEmpty() && CanonicalSqlBuilder.supports(table.columns());
  }

  /** Adds the ranges' sums, computed by the database, on the connection. */
  private Uni<Void> sumsOn(SqlConnection connection, KeyRanges ranges, RangeSums sums) {
    int depth = ranges.uniformDepth();
    if (depth >= 0) {
      return connection
          .query(CanonicalSqlBuilder.sumsByPrefix(table, depth))
          .execute()
          .invoke(
              result -> {
                for (Row row : result) {
                  sums.add(
                      (int) row.getLong(0).longValue(),
                      row.getLong(1),
                      low64(row.getBigDecimal(2)),
                      low64(row.getBigDecimal(3)));
                }
              })
          .replaceWithVoid();
    }
    return streamOn(
            connection,
            CanonicalSqlBuilder.selectHashes(table),
            Tuple.tuple(),
            row -> {
              int range = ranges.locate(row.getLong(0));
              if (range >= 0) {
                sums.add(range, 1, row.getLong(1), row.getLong(2));
              }
            })
        .replaceWithVoid();
  }

  /** The low 64 bits of a sum of signed 64-bit lanes, as Java's wrapping addition gives them. */
  static long low64(BigDecimal sum) {
    return sum.remainder(TWO_64).toBigInteger().longValue();
  }

  private void stream(String sql, Tuple params, RowSink sink) {
    inSnapshot(connection -> rowsOn(connection, sql, params, sink));
  }

  /** Streams the rows the statement selects, decoded, to the sink (rejected keys skipped). */
  private Uni<Row> rowsOn(SqlConnection connection, String sql, Tuple params, RowSink sink) {
    RowDigester digester = rejects.isEmpty() ? null : RowDigester.of(table);
    return streamOn(
        connection,
        sql,
        params,
        row -> {
          List<Object> values = PostgresValueConverter.row(row, table.columns());
          if (digester != null && rejects.targetKey(digester.keyText(values))) {
            sink.rejected();
          } else {
            sink.row(values);
          }
        });
  }

  private Uni<Row> streamOn(
      SqlConnection connection, String sql, Tuple params, Consumer<Row> each) {
    return connection
        .prepare(sql)
        .chain(
            statement ->
                statement
                    .createStream(fetchSize, params)
                    .toMulti()
                    .emitOn(Infrastructure.getDefaultWorkerPool())
                    .invoke(each)
                    .collect()
                    .last()
                    .eventually(statement::close));
  }

  /**
   * Runs a read in one snapshot transaction ({@link PostgresTableReader#SNAPSHOT}) and waits for
   * it, a failure in the operator's words; a read past the timeout fails.
   */
  private <T> T inSnapshot(Function<SqlConnection, Uni<T>> read) {
    try {
      return pool.get()
          .withTransaction(
              connection ->
                  connection
                      .query(PostgresTableReader.SNAPSHOT)
                      .execute()
                      .chain(() -> read.apply(connection)))
          .onFailure(e -> !(e instanceof ValidationException))
          .transform(failure)
          .await()
          .atMost(timeout);
    } catch (TimeoutException e) {
      throw new ValidationException(
          "reading " + table.targetSchema() + "." + table.targetTable() + " timed out", e);
    }
  }
}
