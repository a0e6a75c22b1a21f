package io.tributary.cdc.capture;

import io.tributary.capture.FenceRecords;
import io.tributary.common.control.CaptureStatements;
import io.tributary.common.control.FenceStatements;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Fences in the control schema ({@code tributary.fences}): requested, written into their source,
 * published, and whether apply committed past them.
 */
@ApplicationScoped
public class FenceRepository implements FenceRecords {
  static final String FENCE =
      """
      SELECT f.id, f.migration_id, f.source_name, f.requested_at::text, f.written_at::text,
             f.source_position, f.published_at::text, f.offsets::text, f.error,
      """
          + FenceStatements.applied("$2")
          + " AS applied FROM tributary.fences f WHERE f.id = $1";

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private final Pool pool;

  public FenceRepository(Pool pool) {
    this.pool = pool;
  }

  /** Fences requested but not yet written into their source: (id, migration, source). */
  public List<Object[]> pendingFences() {
    List<Object[]> out = new ArrayList<>();
    for (Row row : pool.query(CaptureStatements.PENDING_FENCES).execute().await().atMost(TIMEOUT)) {
      out.add(
          new Object[] {
            row.getLong("id"), row.getString("migration_id"), row.getString("source_name")
          });
    }
    return out;
  }

  /** Requests a fence of a source; its id. */
  public long requestFence(String migration, String source) {
    return pool.preparedQuery(
            "INSERT INTO tributary.fences (migration_id, source_name) VALUES ($1, $2) RETURNING id")
        .execute(Tuple.of(migration, source))
        .await()
        .atMost(TIMEOUT)
        .iterator()
        .next()
        .getLong("id");
  }

  /** Records that a fence was written into its source at a position. */
  @Override
  public void fenceWritten(long id, String position) {
    pool.preparedQuery(CaptureStatements.FENCE_WRITTEN)
        .execute(Tuple.of(id, position))
        .await()
        .atMost(TIMEOUT);
  }

  /** Records why a fence cannot be written. */
  public void fenceFailed(long id, String error) {
    pool.preparedQuery(CaptureStatements.FENCE_FAILED)
        .execute(Tuple.of(id, error))
        .await()
        .atMost(TIMEOUT);
  }

  /** Records the offsets at which a fence's markers were published. */
  public void fencePublished(long id, String offsetsJson) {
    pool.preparedQuery(CaptureStatements.FENCE_PUBLISHED)
        .execute(Tuple.of(id, offsetsJson))
        .await()
        .atMost(TIMEOUT);
  }

  /**
   * A fence and whether apply (the consumer group) committed past every marker: {@code id,
   * migration, source, requested_at, written_at, source_position, published_at, offsets, error,
   * applied}; empty when no such fence exists.
   */
  public Optional<Row> fence(long id, String group) {
    for (Row row : pool.preparedQuery(FENCE).execute(Tuple.of(id, group)).await().atMost(TIMEOUT)) {
      return Optional.of(row);
    }
    return Optional.empty();
  }
}
