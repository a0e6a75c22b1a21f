package io.tributary.cdc.apply;

import io.tributary.common.control.MigrationState;
import io.tributary.common.control.TableLoad;
import java.util.Arrays;

/** The control-schema statements of apply (offsets and rejects). */
final class ApplyStatements {
  private ApplyStatements() {}

  /**
   * Starts a batch's transaction with its {@code synchronous_commit}: one simple-protocol round
   * trip. The value is one of a fixed set, never text from outside.
   */
  static String begin(ApplyConfig.SynchronousCommit synchronousCommit) {
    return "BEGIN; SET LOCAL synchronous_commit = " + synchronousCommit.setting();
  }

  /**
   * Locks and reads the stored positions of a batch's partitions: $1 group, $2 topics, $3
   * partitions.
   */
  static final String LOCK_OFFSETS =
      """
      SELECT topic, kafka_partition, next_offset FROM tributary.apply_offsets
       WHERE consumer_group = $1
         AND (topic, kafka_partition) IN (SELECT unnest($2::text[]), unnest($3::int[]))
       FOR UPDATE""";

  /**
   * Stores a batch's next offsets, the highest source position it applied and the position of the
   * last change it applied: $1 group, $2 topics, $3 partitions, $4 next offsets, $5 source
   * positions (null where the batch had no change event), $6–$9 the applied positions' generation,
   * major, minor and ordinal (null where it applied no positioned change). Both positions only
   * grow.
   */
  static final String STORE_OFFSETS =
      """
      INSERT INTO tributary.apply_offsets
             (consumer_group, topic, kafka_partition, next_offset, source_pos, applied_position,
              updated_at)
      SELECT $1, u.topic, u.part, u.next, u.pos,
             CASE WHEN u.gen IS NULL THEN NULL ELSE ARRAY[u.gen, u.major, u.minor, u.ord] END,
             now()
        FROM unnest($2::text[], $3::int[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[],
                    $8::bigint[], $9::bigint[]) AS u(topic, part, next, pos, gen, major, minor, ord)
      ON CONFLICT (consumer_group, topic, kafka_partition)
      DO UPDATE SET next_offset = EXCLUDED.next_offset,
                    source_pos = greatest(tributary.apply_offsets.source_pos, EXCLUDED.source_pos),
                    applied_position = greatest(tributary.apply_offsets.applied_position,
                                                EXCLUDED.applied_position),
                    updated_at = now()""";

  /** Reads the stored positions of partitions: $1 group, $2 topics, $3 partitions. */
  static final String LOAD_OFFSETS =
      """
      SELECT topic, kafka_partition, next_offset, applied_position FROM tributary.apply_offsets
       WHERE consumer_group = $1
         AND (topic, kafka_partition) IN (SELECT unnest($2::text[]), unnest($3::int[]))""";

  /**
   * Keeps a row that could not be written (its text capped: {@link RejectedRow}); a replayed batch
   * does not store it twice.
   */
  static final String INSERT_REJECT =
      """
      INSERT INTO tributary.rejects (migration_id, source_name, source_table, topic, kafka_partition,
                                     kafka_offset, source_pos, row_key, row_data, reason,
                                     kafka_topic, chunk_row, row_truncated, row_length, row_sha256)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
      ON CONFLICT (topic, kafka_partition, kafka_offset, chunk_row) DO NOTHING""";

  /** Creates missing generation rows (generation 0): $1 topics. */
  static final String ENSURE_GENERATIONS =
      """
      INSERT INTO tributary.apply_generations (topic, generation)
      SELECT unnest($1::text[]), 0 ON CONFLICT (topic) DO NOTHING""";

  /**
   * Reads the snapshot generations of topics, locked against a concurrent reset (which updates the
   * row): $1 topics.
   */
  static final String SHARE_GENERATIONS =
      """
      SELECT topic, generation FROM tributary.apply_generations
       WHERE topic = ANY($1::text[]) ORDER BY topic FOR SHARE""";

  /** The same, locked for a reset: $1 topics. */
  static final String LOCK_GENERATIONS =
      """
      SELECT topic, generation FROM tributary.apply_generations
       WHERE topic = ANY($1::text[]) ORDER BY topic FOR UPDATE""";

  /** Moves a topic to a newer generation: $1 topic, $2 generation. */
  static final String RESET_GENERATION =
      """
      UPDATE tributary.apply_generations SET generation = $2, reset_at = now()
       WHERE topic = $1 AND generation < $2""";

  /**
   * The snapshot generation capture recorded for a source before it published that generation's
   * reset markers: $1 migration, $2 source. A marker beyond it was not written by capture.
   */
  static final String RECORDED_GENERATION =
      """
      SELECT snapshot_generation FROM tributary.sources WHERE migration_id = $1 AND name = $2""";

  /**
   * The migrations among $1 whose target tables are closed to apply ($2: {@link
   * MigrationState#closedToApply} states: cut over or abandoned), locked against a change of state.
   */
  static final String CLOSED_MIGRATIONS =
      "SELECT id FROM tributary.migrations WHERE id = ANY($1) AND state = ANY($2) FOR SHARE";

  /** The names of the states {@link #CLOSED_MIGRATIONS} and the catalog leave out. */
  static String[] closedStates() {
    return Arrays.stream(MigrationState.values())
        .filter(MigrationState::closedToApply)
        .map(Enum::name)
        .toArray(String[]::new);
  }

  /**
   * Which of the topics $1 fill bulk-loaded tables whose key is not built yet (V7__bulk_load.sql),
   * read under the batch's lock on their generations: a key build holds that lock exclusively.
   */
  static final String COPYING_TOPICS =
      """
      SELECT topic FROM tributary.tables
       WHERE topic = ANY($1::text[]) AND bulk_load AND key_built_at IS NULL""";

  /** A table's bulk-load state, locked for its key build: $1 topic. */
  static final String LOCK_TABLE_LOAD =
      """
      SELECT bulk_load, key_built_at IS NOT NULL FROM tributary.tables WHERE topic = $1
         FOR UPDATE""";

  /** Records that a bulk-loaded table's key is built: $1 topic. */
  static final String KEY_BUILT =
      "UPDATE tributary.tables SET key_built_at = now() WHERE topic = $1 AND key_built_at IS NULL";

  /**
   * Which of the topics $1 fill tables whose source sends its snapshots as chunks and that are not
   * loaded yet ({@link TableLoad#LOADED}), read under the batch's lock on their generations: their
   * changes wait. Read from the control schema, not the catalog: a capture that declared chunks
   * since the catalog's last refresh may stream changes already.
   */
  static final String WAITING_TOPICS =
      "SELECT t.topic FROM tributary.tables t JOIN tributary.sources s"
          + " ON s.migration_id = t.migration_id AND s.name = t.source_name"
          + " WHERE t.topic = ANY($1::text[]) AND s.snapshot_chunks AND NOT "
          + TableLoad.LOADED;

  /**
   * Records a chunked table's snapshot applied (its end marker written): $1 topic, $2 rows capture
   * sent.
   */
  static final String SNAPSHOT_APPLIED =
      """
      UPDATE tributary.tables SET snapshot_applied_at = now(), snapshot_applied_rows = $2
       WHERE topic = $1""";

  /** A chunked table's snapshot starts again (a new generation): $1 topic. */
  static final String SNAPSHOT_NOT_APPLIED =
      """
      UPDATE tributary.tables SET snapshot_applied_at = NULL, snapshot_applied_rows = NULL
       WHERE topic = $1""";

  /** Drops the rejects of a topic's older generations when a new one starts: $1 topic. */
  static final String DELETE_TOPIC_REJECTS = "DELETE FROM tributary.rejects WHERE topic = $1";
}
