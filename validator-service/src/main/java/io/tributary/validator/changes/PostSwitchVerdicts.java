package io.tributary.validator.changes;

import io.tributary.source.spi.validate.TableKey;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The newest verdict of the post-switch verification on each of a migration's tables within its
 * current fallback window ({@code MATCH}, {@code MISMATCH}, …; a table it has not decided yet is
 * absent): a fallback's gate leans on the sources' freeze guards instead of counting a table it did
 * not find different.
 */
@ApplicationScoped
public class PostSwitchVerdicts {
  static final String NEWEST =
      """
      SELECT DISTINCT ON (v.source_name, v.source_table) v.source_name, v.source_table, v.status
        FROM tributary.validations v
        JOIN tributary.fallback_windows w ON w.migration_id = v.migration_id
       WHERE v.migration_id = $1 AND v.mode = 'postswitch' AND v.at >= w.opened_at
       ORDER BY v.source_name, v.source_table, v.id DESC""";

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Pool pool;

  public PostSwitchVerdicts(Pool pool) {
    this.pool = pool;
  }

  /** Each decided table's newest verdict. */
  public Map<TableKey, String> of(String migration) {
    Map<TableKey, String> out = new HashMap<>();
    for (Row row :
        pool.preparedQuery(NEWEST).execute(Tuple.of(migration)).await().atMost(TIMEOUT)) {
      out.put(
          new TableKey(migration, row.getString("source_name"), row.getString("source_table")),
          row.getString("status"));
    }
    return out;
  }
}
