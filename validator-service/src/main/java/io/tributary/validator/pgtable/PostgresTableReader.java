package io.tributary.validator.pgtable;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.sql.CanonicalSqlBuilder;
import io.tributary.common.sql.UpsertStatementBuilder;
import io.tributary.common.value.TableChecksum;
import io.tributary.validator.diff.ReadPace;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.util.List;

/**
 * Counts and checksums a PostgreSQL table over a Vert.x connection, in the caller's transaction:
 * the target tables, and the tables of PostgreSQL sources (read through a {@link
 * SourceStatementBuilder#postgresView view} of their definition that names the source's schema and
 * table). The checksum streams the rows through a cursor ({@code fetchSize} rows a round trip),
 * converts them as {@link PostgresValueConverter} does and hashes them on a worker thread, so
 * memory does not grow with the table and the event loop is not held (paced by the duty cycle, the
 * cursor's fetches waiting while the hashing thread pauses); or, for a table whose column types
 * PostgreSQL can spell canonically ({@link CanonicalSqlBuilder}), has the database hash and sum the
 * rows and reads one row.
 */
public final class PostgresTableReader {
  /** Starts a transaction's one consistent, read-only view of the database. */
  public static final String SNAPSHOT =
      "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY";

  private PostgresTableReader() {}

  /**
   * What was read.
   *
   * @param rows the number of rows
   * @param checksum their checksum, null when they were only counted
   */
  public record Rows(long rows, String checksum) {}

  /**
   * Reads a table.
   *
   * @param table the table, its target names naming what to read
   * @param withChecksum false to count only
   * @param fetchSize rows fetched per round trip for the checksum
   * @param inDatabase true to let the database hash the rows where the column types allow it: only
   *     for tables whose values are stored in their target types (not a source read through a view
   *     that casts)
   * @param dutyCycle the pace of a checksum that streams the rows ({@link ReadPace}); a sum in the
   *     database is one statement, not paced
   */
  public static Uni<Rows> read(
      SqlConnection connection,
      TableDef table,
      boolean withChecksum,
      int fetchSize,
      boolean inDatabase,
      double dutyCycle) {
    if (withChecksum && inDatabase && CanonicalSqlBuilder.supports(table.columns())) {
      return connection
          .query(CanonicalSqlBuilder.sumsByPrefix(table, 0))
          .execute()
          .map(
              result -> {
                if (result.size() == 0) {
                  return new Rows(0, new TableChecksum().hex());
                }
                Row row = result.iterator().next();
                return new Rows(
                    row.getLong(1),
                    TableChecksum.hex(
                        PostgresRowScanner.low64(row.getBigDecimal(2)),
                        PostgresRowScanner.low64(row.getBigDecimal(3))));
              });
    }
    if (!withChecksum) {
      return connection
          .query(UpsertStatementBuilder.count(table))
          .execute()
          .map(rows -> new Rows(rows.iterator().next().getLong(0), null));
    }
    List<ColumnDef> columns = table.columns();
    ReadPace pace = ReadPace.of(dutyCycle);
    return connection
        .prepare(UpsertStatementBuilder.selectAll(table))
        .chain(
            statement ->
                statement
                    .createStream(fetchSize)
                    .toMulti()
                    .emitOn(Infrastructure.getDefaultWorkerPool())
                    .collect()
                    .in(
                        TableChecksum::new,
                        (sum, row) -> {
                          sum.add(PostgresValueConverter.row(row, columns));
                          pace.row();
                        })
                    .map(sum -> new Rows(sum.rows(), sum.hex()))
                    .eventually(statement::close));
  }
}
