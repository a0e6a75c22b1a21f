package io.tributary.orchestrator.rejects;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** The rows apply could not write ({@code tributary.rejects}), newest first, with their reason. */
@ApplicationScoped
public class RejectList {
  /**
   * Longest row text shown per reject; the control schema keeps up to 64 Ki characters of it (a
   * longer row: its beginning, its length and SHA-256).
   */
  static final int ROW_TEXT = 2000;

  static final String LIST =
      """
      SELECT id, source_name, source_table, topic, kafka_partition, kafka_offset, row_key,
             left(row_data, $4) AS row_data, coalesce(row_length, length(row_data)) AS row_length,
             row_truncated, row_sha256, reason, at, replayed_at
        FROM tributary.rejects
       WHERE migration_id = $1 AND ($2::text IS NULL OR source_table = $2)
         AND ($5 OR replayed_at IS NULL)
       ORDER BY id DESC
       LIMIT $3""";

  /**
   * One reject.
   *
   * @param id its id
   * @param source the plan's source
   * @param table the source table
   * @param position where the record is in Kafka ({@code topic/partition/offset})
   * @param key the row's key as JSON text, when it has one
   * @param row the row as it arrived (its first 2,000 characters)
   * @param rowTruncated true when the row is longer than shown
   * @param rowLength the whole row's length in characters, null when it had none
   * @param rowSha256 the whole row's SHA-256 (hex, of its UTF-8 bytes) when the control schema kept
   *     only its beginning (longer than 64 Ki characters), else null
   * @param reason why it could not be written
   * @param at when
   * @param replayedAt when it was replayed, null while open
   */
  public record Reject(
      long id,
      String source,
      String table,
      String position,
      String key,
      String row,
      boolean rowTruncated,
      Long rowLength,
      String rowSha256,
      String reason,
      OffsetDateTime at,
      OffsetDateTime replayedAt) {}

  private final Pool pool;

  public RejectList(Pool pool) {
    this.pool = pool;
  }

  /**
   * The newest rejects of a migration.
   *
   * @param table only this source table's, or all when null
   * @param includeReplayed also those replayed since
   */
  public List<Reject> list(
      String migration, String table, boolean includeReplayed, int limit, Duration timeout) {
    List<Reject> out = new ArrayList<>();
    for (Row r :
        pool.preparedQuery(LIST)
            .execute(Tuple.of(migration, table, limit, ROW_TEXT, includeReplayed))
            .await()
            .atMost(timeout)) {
      Long length = r.getLong("row_length");
      out.add(
          new Reject(
              r.getLong("id"),
              r.getString("source_name"),
              r.getString("source_table"),
              r.getString("topic")
                  + "/"
                  + r.getInteger("kafka_partition")
                  + "/"
                  + r.getLong("kafka_offset"),
              r.getString("row_key"),
              r.getString("row_data"),
              length != null && length > ROW_TEXT
                  || Boolean.TRUE.equals(r.getBoolean("row_truncated")),
              length,
              r.getString("row_sha256"),
              r.getString("reason"),
              r.getOffsetDateTime("at"),
              r.getOffsetDateTime("replayed_at")));
    }
    return out;
  }
}
