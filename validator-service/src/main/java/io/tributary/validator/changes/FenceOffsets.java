package io.tributary.validator.changes;

import io.tributary.source.spi.validate.ValidationException;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Where fences stand on the table topics ({@code tributary.fences.offsets}, written by capture when
 * it published a fence's markers): for each topic and partition, the offset of the fence's marker.
 * A change after the fence is at a higher offset, a change before it at a lower one.
 */
@ApplicationScoped
public class FenceOffsets {
  static final String OFFSETS =
      """
      SELECT f.id, t.topic, p.part::int AS part, p.off::bigint AS off
        FROM tributary.fences f
        LEFT JOIN LATERAL jsonb_each(f.offsets) t(topic, parts) ON true
        LEFT JOIN LATERAL jsonb_each_text(t.parts) p(part, off) ON true
       WHERE f.id = ANY($1)""";

  static final String REQUEST =
      "INSERT INTO tributary.fences (migration_id, source_name) VALUES ($1, $2) RETURNING id";

  static final String PUBLISHED =
      "SELECT count(*) FROM tributary.fences WHERE id = ANY($1) AND offsets IS NOT NULL";

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final long POLL_MS = 20;

  private final Pool pool;

  public FenceOffsets(Pool pool) {
    this.pool = pool;
  }

  /**
   * The markers' offsets of the fences, by topic and partition (the fences are of different
   * sources, whose tables have topics of their own).
   *
   * @throws ValidationException when a fence is unknown or capture has not published it yet
   */
  public Map<String, Map<Integer, Long>> of(List<Long> fences) {
    Map<String, Map<Integer, Long>> out = new HashMap<>();
    Map<Long, Boolean> published = new HashMap<>();
    Iterator<Row> rows =
        pool.preparedQuery(OFFSETS)
            .execute(Tuple.of(fences.toArray(Long[]::new)))
            .await()
            .atMost(TIMEOUT)
            .iterator();
    while (rows.hasNext()) {
      Row row = rows.next();
      String topic = row.getString("topic");
      published.merge(row.getLong("id"), topic != null, Boolean::logicalOr);
      if (topic != null && row.getInteger("part") != null) {
        out.computeIfAbsent(topic, t -> new HashMap<>())
            .put(row.getInteger("part"), row.getLong("off"));
      }
    }
    for (Long fence : fences) {
      Boolean done = published.get(fence);
      if (done == null) {
        throw new ValidationException("fence " + fence + " is not in tributary.fences");
      }
      if (!done) {
        throw new ValidationException(
            "fence " + fence + " has no offsets: capture has not published its markers yet");
      }
    }
    return out;
  }

  /**
   * Writes a fence into each source's change stream now (capture writes it, as for a cutover's
   * fences) and waits until capture published them all: every change a source committed before is
   * on its topics before the fence's markers.
   *
   * @return the fences' ids
   * @throws ValidationException when capture does not publish them within {@code wait}
   */
  public List<Long> writeAndAwait(String migration, Collection<String> sources, Duration wait) {
    List<Long> ids = new ArrayList<>();
    for (String source : sources) {
      ids.add(
          pool.preparedQuery(REQUEST)
              .execute(Tuple.of(migration, source))
              .await()
              .atMost(TIMEOUT)
              .iterator()
              .next()
              .getLong("id"));
    }
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      long published =
          pool.preparedQuery(PUBLISHED)
              .execute(Tuple.of(ids.toArray(Long[]::new)))
              .await()
              .atMost(TIMEOUT)
              .iterator()
              .next()
              .getLong(0);
      if (published == ids.size()) {
        return ids;
      }
      if (System.nanoTime() > deadline) {
        throw new ValidationException(
            "capture did not publish fences " + ids + " within " + wait.toSeconds() + " s");
      }
      try {
        Thread.sleep(POLL_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ValidationException("interrupted while waiting for fences " + ids, e);
      }
    }
  }
}
