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
 * tributary.reverse_changed_keys}, with the target's WAL position of its last change) and every key
 * of a change it could not write back ({@code tributary.reverse_rejects}), by source and table. At
 * the cutover's final gate sources and target were equal and during the window only the write-back
 * writes the sources, so these are the only rows that may differ: validation in reverse compares
 * them as they come, and a fallback's gate those written back after the table's last comparison
 * ({@code tributary.reverse_verified}), and the counts.
 */
@ApplicationScoped
public class WrittenBackKeys {
  /**
   * The keys written back after each table's verified position (all, for a table never verified).
   */
  static final String AFTER_VERIFIED =
      """
      SELECT k.source_name, k.source_table, k.row_key FROM tributary.reverse_changed_keys k
        LEFT JOIN tributary.reverse_verified v
          ON v.migration_id = k.migration_id AND v.source_name = k.source_name
             AND v.source_table = k.source_table
       WHERE k.migration_id = $1 AND (v.verified_lsn IS NULL OR k.lsn > v.verified_lsn)
      UNION
      SELECT r.source_name, r.source_table, r.row_key FROM tributary.reverse_rejects r
        LEFT JOIN tributary.reverse_verified v
          ON v.migration_id = r.migration_id AND v.source_name = r.source_name
             AND v.source_table = r.source_table
       WHERE r.migration_id = $1 AND r.row_key <> '{}'
         AND (v.verified_lsn IS NULL OR r.lsn > v.verified_lsn)""";

  /** One table's keys written back in ({@code $4}, {@code $5}]. */
  static final String BETWEEN =
      """
      SELECT row_key FROM tributary.reverse_changed_keys
       WHERE migration_id = $1 AND source_name = $2 AND source_table = $3
         AND lsn > $4::text::pg_lsn AND lsn <= $5::text::pg_lsn
      UNION
      SELECT row_key FROM tributary.reverse_rejects
       WHERE migration_id = $1 AND source_name = $2 AND source_table = $3 AND row_key <> '{}'
         AND lsn > $4::text::pg_lsn AND lsn <= $5::text::pg_lsn""";

  /** The keys among {@code $4} written back (or rejected) after {@code $5}. */
  static final String CHANGED_SINCE =
      """
      SELECT row_key FROM tributary.reverse_changed_keys
       WHERE migration_id = $1 AND source_name = $2 AND source_table = $3
         AND row_key = ANY($4::text[]) AND lsn > $5::text::pg_lsn
      UNION
      SELECT row_key FROM tributary.reverse_rejects
       WHERE migration_id = $1 AND source_name = $2 AND source_table = $3
         AND row_key = ANY($4::text[]) AND lsn > $5::text::pg_lsn""";

  /** Every key of one table written back (or rejected) since the window opened. */
  static final String ALL =
      """
      SELECT row_key FROM tributary.reverse_changed_keys
       WHERE migration_id = $1 AND source_name = $2 AND source_table = $3
      UNION
      SELECT row_key FROM tributary.reverse_rejects
       WHERE migration_id = $1 AND source_name = $2 AND source_table = $3 AND row_key <> '{}'""";

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final Pool pool;

  public WrittenBackKeys(Pool pool) {
    this.pool = pool;
  }

  /** A written-back key: its text as stored, and the key (capture's form, source column names). */
  public record WrittenKey(String text, ObjectNode key) {}

  /**
   * The keys written back after each table's last comparison in reverse, by {@code source + "\0" +
   * table}: what a fallback's gate compares.
   *
   * @throws IllegalStateException for a stored key that is not a JSON object
   */
  public Map<String, List<ObjectNode>> afterVerified(String migration) {
    Map<String, List<ObjectNode>> out = new LinkedHashMap<>();
    for (Row row :
        pool.preparedQuery(AFTER_VERIFIED).execute(Tuple.of(migration)).await().atMost(TIMEOUT)) {
      out.computeIfAbsent(
              row.getString("source_name") + "\0" + row.getString("source_table"),
              k -> new ArrayList<>())
          .add(parse(row.getString("row_key")).key());
    }
    return out;
  }

  /**
   * One table's keys written back (or rejected) after {@code fromLsn} up to {@code toLsn}.
   *
   * @throws IllegalStateException for a stored key that is not a JSON object
   */
  public List<WrittenKey> between(
      String migration, String source, String table, String fromLsn, String toLsn) {
    List<WrittenKey> out = new ArrayList<>();
    for (Row row :
        pool.preparedQuery(BETWEEN)
            .execute(Tuple.of(migration, source, table, fromLsn, toLsn))
            .await()
            .atMost(TIMEOUT)) {
      out.add(parse(row.getString(0)));
    }
    return out;
  }

  /**
   * Every key of one table the window wrote back (or could not) so far, as stored: the rows the
   * post-switch verification leaves out.
   */
  public List<String> all(String migration, String source, String table) {
    List<String> out = new ArrayList<>();
    for (Row row :
        pool.preparedQuery(ALL)
            .execute(Tuple.of(migration, source, table))
            .await()
            .atMost(TIMEOUT)) {
      out.add(row.getString(0));
    }
    return out;
  }

  /** Which of these keys were written back (or rejected) again after {@code lsn}, by their text. */
  public List<String> changedSince(
      String migration, String source, String table, List<String> keys, String lsn) {
    List<String> out = new ArrayList<>();
    if (keys.isEmpty()) {
      return out;
    }
    for (Row row :
        pool.preparedQuery(CHANGED_SINCE)
            .execute(Tuple.of(migration, source, table, keys.toArray(String[]::new), lsn))
            .await()
            .atMost(TIMEOUT)) {
      out.add(row.getString(0));
    }
    return out;
  }

  private static WrittenKey parse(String text) {
    try {
      return new WrittenKey(text, (ObjectNode) ChangeEventCodec.MAPPER.readTree(text));
    } catch (IOException | ClassCastException e) {
      throw new IllegalStateException("a written-back key is not a JSON object: " + text, e);
    }
  }
}
