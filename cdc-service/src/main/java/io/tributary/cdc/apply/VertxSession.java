package io.tributary.cdc.apply;

import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A {@link TargetSession} on a Vert.x connection; each call waits at most {@code timeout}. */
final class VertxSession implements TargetSession {
  private final SqlConnection conn;
  private final Duration timeout;

  VertxSession(SqlConnection conn, Duration timeout) {
    this.conn = conn;
    this.timeout = timeout;
  }

  /** The connection, for the statements only the Vert.x client runs (the upserts). */
  SqlConnection connection() {
    return conn;
  }

  Duration timeout() {
    return timeout;
  }

  @Override
  public List<Object[]> query(String sql, Object... parameters) {
    List<Object[]> out = new ArrayList<>();
    for (Row row :
        conn.preparedQuery(sql)
            .execute(Tuple.from(Arrays.asList(parameters)))
            .await()
            .atMost(timeout)) {
      Object[] values = new Object[row.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = row.getValue(i);
      }
      out.add(values);
    }
    return out;
  }

  @Override
  public long update(String sql, Object... parameters) {
    return conn.preparedQuery(sql)
        .execute(Tuple.from(Arrays.asList(parameters)))
        .await()
        .atMost(timeout)
        .rowCount();
  }

  @Override
  public void batch(String sql, List<Object[]> rows) {
    List<Tuple> tuples = new ArrayList<>(rows.size());
    rows.forEach(r -> tuples.add(Tuple.from(Arrays.asList(r))));
    conn.preparedQuery(sql).executeBatch(tuples).await().atMost(timeout);
  }

  @Override
  public void execute(String sql) {
    conn.query(sql).execute().await().atMost(timeout);
  }
}
