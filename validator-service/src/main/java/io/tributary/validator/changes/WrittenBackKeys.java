package io.tributary.validator.changes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.common.event.ChangeEventCodec;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows the fallback window changed in the sources: every key cdc-service wrote back ({@code
 * tributary.reverse_changed_keys}) and every key of a change it could not write back ({@code
 * tributary.reverse_rejects}), by source and table. At the cutover's final gate sources and target
 * were equal and during the window only the write-back writes the sources, so these are the only
 * rows that may differ: a fallback's gate compares them, and the counts.
 */
@ApplicationScoped
public class WrittenBackKeys {
  static final String KEYS =
      """
      SELECT source_name, source_table, row_key FROM tributary.reverse_changed_keys
       WHERE migration_id = $1
      UNION
      SELECT source_name, source_table, row_key FROM tributary.reverse_rejects
       WHERE migration_id = $1 AND row_key <> '{}'""";

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final Pool pool;

  public WrittenBackKeys(Pool pool) {
    this.pool = pool;
  }

  /**
   * The keys by {@code source + "\0" + table}, in capture's form (source column names).
   *
   * @throws IllegalStateException for a stored key that is not a JSON object
   */
  public Map<String, List<ObjectNode>> of(String migration) {
    Map<String, List<ObjectNode>> out = new LinkedHashMap<>();
    for (Row row : pool.preparedQuery(KEYS).execute(Tuple.of(migration)).await().atMost(TIMEOUT)) {
      ObjectNode key;
      try {
        key = (ObjectNode) ChangeEventCodec.MAPPER.readTree(row.getString("row_key"));
      } catch (IOException | ClassCastException e) {
        throw new IllegalStateException(
            "a written-back key is not a JSON object: " + row.getString("row_key"), e);
      }
      out.computeIfAbsent(
              row.getString("source_name") + "\0" + row.getString("source_table"),
              k -> new ArrayList<>())
          .add(key);
    }
    return out;
  }
}
