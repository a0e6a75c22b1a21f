package io.tributary.cdc.apply;

import io.tributary.common.catalog.TableDef;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import java.time.Duration;
import java.util.List;

/**
 * Writes a table's share of a batch of changes on the Vert.x client: its deletes and upserts as two
 * set-based statements ({@code unnest} of one array per column), or — when a set statement failed
 * on an error about its rows — each row under its own savepoint, rejecting only the rows that fail.
 */
final class ChangeWriter {
  private ChangeWriter() {}

  /**
   * @param isolate write row by row (the set statements of this batch failed on a row)
   * @throws PgException when a set statement fails; {@link BatchWriter} writes the batch again,
   *     isolating, if the error is about the rows
   */
  static void write(VertxSession session, TableWork work, List<Reject> found, boolean isolate) {
    if (isolate) {
      writeRowByRow(session.connection(), work, found, session.timeout());
    } else {
      writeSet(session.connection(), work, session.timeout());
    }
  }

  private static void writeSet(SqlConnection conn, TableWork work, Duration timeout) {
    TableDef def = work.table().definition();
    if (!work.deletes().isEmpty()) {
      conn.preparedQuery(work.table().deleteSql())
          .execute(work.table().deleteParameters(work.deletes(), work.deleteCounts()))
          .await()
          .atMost(timeout);
    }
    if (!work.upserts().isEmpty()) {
      conn.preparedQuery(work.table().upsertSql())
          .execute(ColumnArrays.of(def.columns(), work.upserts()))
          .await()
          .atMost(timeout);
    }
  }

  private static void writeRowByRow(
      SqlConnection conn, TableWork work, List<Reject> found, Duration timeout) {
    TableDef def = work.table().definition();
    for (int i = 0; i < work.deletes().size(); i++) {
      Tuple params =
          work.table()
              .deleteParameters(
                  List.<Object[]>of(work.deletes().get(i)), List.of(work.deleteCounts().get(i)));
      writeOne(
          conn,
          work,
          work.table().deleteSql(),
          params,
          work.deleteRecords().get(i),
          found,
          timeout);
    }
    for (int i = 0; i < work.upserts().size(); i++) {
      Tuple params = ColumnArrays.of(def.columns(), List.<Object[]>of(work.upserts().get(i)));
      writeOne(
          conn,
          work,
          work.table().upsertSql(),
          params,
          work.upsertRecords().get(i),
          found,
          timeout);
    }
  }

  private static void writeOne(
      SqlConnection conn,
      TableWork work,
      String sql,
      Tuple params,
      ChangeRecord record,
      List<Reject> found,
      Duration timeout) {
    conn.query("SAVEPOINT tributary_row").execute().await().atMost(timeout);
    try {
      conn.preparedQuery(sql).execute(params).await().atMost(timeout);
      conn.query("RELEASE SAVEPOINT tributary_row").execute().await().atMost(timeout);
    } catch (PgException e) {
      if (!TargetErrors.aboutTheRows(e)) {
        throw e;
      }
      conn.query("ROLLBACK TO SAVEPOINT tributary_row").execute().await().atMost(timeout);
      found.add(Reject.of(work.table(), record, TargetErrors.refusal(e)));
    }
  }
}
