package io.tributary.validator.changes;

import io.tributary.source.spi.validate.TableKey;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * The tables whose newest post-switch verification within the migration's current fallback window
 * found the source equal to the target ({@code MATCH}): a fallback's gate may lean on the sources'
 * freeze guards for them instead of counting.
 */
@ApplicationScoped
public class PostSwitchMatches {
  static final String MATCHED =
      """
      SELECT source_name, source_table FROM (
        SELECT DISTINCT ON (v.source_name, v.source_table) v.source_name, v.source_table, v.status
          FROM tributary.validations v
          JOIN tributary.fallback_windows w ON w.migration_id = v.migration_id
         WHERE v.migration_id = $1 AND v.mode = 'postswitch' AND v.at >= w.opened_at
         ORDER BY v.source_name, v.source_table, v.id DESC) newest
       WHERE status = 'MATCH'""";

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Pool pool;

  public PostSwitchMatches(Pool pool) {
    this.pool = pool;
  }

  /** The migration's tables found equal after the switch. */
  public Set<TableKey> of(String migration) {
    Set<TableKey> out = new HashSet<>();
    for (Row row :
        pool.preparedQuery(MATCHED).execute(Tuple.of(migration)).await().atMost(TIMEOUT)) {
      out.add(new TableKey(migration, row.getString("source_name"), row.getString("source_table")));
    }
    return out;
  }
}
