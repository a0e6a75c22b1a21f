package io.tributary.validator.target;

import io.smallrye.mutiny.Uni;
import io.tributary.source.spi.validate.TableKey;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what apply has done, from the control schema: its committed offsets and the rows it
 * rejected. Every method takes the client to run on, so that they can share a transaction (and a
 * snapshot) with the reads of the target table.
 */
@ApplicationScoped
public class ApplyProgressRepository {
  /**
   * Rows of a table apply rejected: distinct row keys (a row rejected again on a later change
   * counts once); rejects without a key count one each. Replayed rejects no longer count (the
   * replayed row was written, or rejected again under a new record).
   */
  static final String REJECTED_ROWS =
      """
      SELECT count(DISTINCT coalesce(row_key, '#' || id::text))
        FROM tributary.rejects
       WHERE migration_id = $1 AND source_name = $2 AND source_table = $3
         AND replayed_at IS NULL""";

  /** The keys of the rows of a table that apply rejected (open rejects). */
  static final String REJECTED_KEYS =
      """
      SELECT DISTINCT row_key
        FROM tributary.rejects
       WHERE migration_id = $1 AND source_name = $2 AND source_table = $3
         AND replayed_at IS NULL AND row_key IS NOT NULL""";

  static final String NEXT_OFFSETS =
      """
      SELECT kafka_partition, next_offset, source_pos
        FROM tributary.apply_offsets
       WHERE consumer_group = $1 AND topic = $2""";

  /** The number of rows of a table that apply rejected. */
  public Uni<Long> rejectedRows(SqlClient client, TableKey table) {
    return client
        .preparedQuery(REJECTED_ROWS)
        .execute(Tuple.of(table.migration(), table.source(), table.table()))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** The {@code row_key} of every open reject of a table. */
  public Uni<List<String>> rejectedKeys(SqlClient client, TableKey table) {
    return client
        .preparedQuery(REJECTED_KEYS)
        .execute(Tuple.of(table.migration(), table.source(), table.table()))
        .map(
            rows -> {
              List<String> keys = new ArrayList<>();
              for (Row row : rows) {
                keys.add(row.getString(0));
              }
              return keys;
            });
  }

  /**
   * Apply's progress on a topic: its next offset per partition (partitions it has not committed are
   * absent) and the highest source position it applied.
   */
  public Uni<Progress> progress(SqlClient client, String group, String topic) {
    return client
        .preparedQuery(NEXT_OFFSETS)
        .execute(Tuple.of(group, topic))
        .map(
            rows -> {
              Map<Integer, Long> offsets = new HashMap<>();
              Long applied = null;
              for (Row row : rows) {
                offsets.put(row.getInteger(0), row.getLong(1));
                Long position = row.getLong(2);
                if (position != null && (applied == null || position > applied)) {
                  applied = position;
                }
              }
              return new Progress(offsets, applied);
            });
  }

  /**
   * Apply's progress on a topic.
   *
   * @param nextOffsets the next offset per partition
   * @param appliedPosition the highest source position applied on any partition, null when none was
   *     recorded
   */
  public record Progress(Map<Integer, Long> nextOffsets, Long appliedPosition) {}
}
