package io.tributary.orchestrator.state;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A migration's target tables that exist in the target: schema and table, in name order. */
public final class TargetTables {
  /** $1: the migration. */
  static final String EXISTING =
      """
      SELECT t.target_schema, t.target_table
        FROM tributary.tables t
       WHERE t.migration_id = $1
         AND to_regclass(quote_ident(t.target_schema) || '.' || quote_ident(t.target_table)) IS NOT NULL
       ORDER BY 1, 2""";

  private TargetTables() {}

  /** Each table as {@code {schema, table}}. */
  public static List<String[]> of(Pool pool, String migration, Duration timeout) {
    List<String[]> out = new ArrayList<>();
    for (Row row :
        pool.preparedQuery(EXISTING).execute(Tuple.of(migration)).await().atMost(timeout)) {
      out.add(new String[] {row.getString(0), row.getString(1)});
    }
    return out;
  }
}
