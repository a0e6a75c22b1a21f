package io.tributary.cdc.apply;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Why apply cannot write a table, recorded where the operator looks (the table's {@code
 * apply_error} in the control schema, shown by the orchestrator as the table's problem and in the
 * state reason, and an audit event when it first appears and when apply writes the table again).
 * Recorded when a batch failed every attempt with an error about the target rather than a row (rows
 * are rejected one by one and never stop apply); cleared when a batch holding the table commits.
 * Bookkeeping only: a failure to record is logged, never thrown into apply.
 */
@ApplicationScoped
public class ApplyErrors {
  private static final Logger LOG = Logger.getLogger(ApplyErrors.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** The longest error text kept. */
  static final int MAX_LENGTH = 2000;

  /**
   * Records the error on the tables of these topics; one audit event per migration when the error
   * is not the one recorded already (a batch failing again and again the same way is one event).
   */
  static final String FAILING =
      """
      WITH before AS (
             SELECT migration_id, source_name, source_table, apply_error
               FROM tributary.tables WHERE topic = ANY($1) FOR UPDATE),
           failing AS (
             UPDATE tributary.tables
                SET apply_error = $2, apply_error_at = coalesce(apply_error_at, now()),
                    apply_failures = apply_failures + 1
              WHERE topic = ANY($1))
      INSERT INTO tributary.events (migration_id, from_state, to_state, actor, reason, step)
      SELECT m.id, m.state, m.state, 'cdc-service',
             'apply cannot write ' || string_agg(b.source_name || '.' || b.source_table, ', '
                 ORDER BY b.source_name, b.source_table) || ': ' || $2,
             'apply'
        FROM tributary.migrations m JOIN before b ON b.migration_id = m.id
       WHERE b.apply_error IS DISTINCT FROM $2
       GROUP BY m.id, m.state""";

  /** Clears the error of the tables of these topics, saying so in the audit log. */
  static final String RECOVERED =
      """
      WITH cleared AS (
             UPDATE tributary.tables
                SET apply_error = NULL, apply_error_at = NULL, apply_failures = 0
              WHERE topic = ANY($1) AND apply_error IS NOT NULL
             RETURNING migration_id, source_name, source_table)
      INSERT INTO tributary.events (migration_id, from_state, to_state, actor, reason, step)
      SELECT m.id, m.state, m.state, 'cdc-service',
             'apply writes ' || string_agg(c.source_name || '.' || c.source_table, ', '
                 ORDER BY c.source_name, c.source_table) || ' again',
             'apply'
        FROM tributary.migrations m JOIN cleared c ON c.migration_id = m.id
       GROUP BY m.id, m.state""";

  static final String FAILING_TOPICS =
      "SELECT topic FROM tributary.tables WHERE apply_error IS NOT NULL";

  private final Pool pool;
  private final Set<String> failingTopics = ConcurrentHashMap.newKeySet();
  private volatile boolean loaded;

  public ApplyErrors(Pool pool) {
    this.pool = pool;
  }

  /** Records that a batch holding these topics' changes failed every attempt with {@code error}. */
  public void failing(Collection<String> topics, String error) {
    String text =
        error == null || error.isBlank()
            ? "the batch failed without a message (see cdc-service's log)"
            : error.length() <= MAX_LENGTH ? error : error.substring(0, MAX_LENGTH - 1) + "…";
    try {
      pool.preparedQuery(FAILING)
          .execute(Tuple.of(topics.toArray(String[]::new), text))
          .await()
          .atMost(TIMEOUT);
      failingTopics.addAll(topics);
    } catch (RuntimeException e) {
      LOG.warnf("Could not record apply's error on %d tables: %s", topics.size(), e.getMessage());
    }
  }

  /**
   * Clears the error of those of these topics that have one, after a batch holding them committed.
   */
  public void committed(Collection<String> topics) {
    if (!loaded) {
      load();
    }
    List<String> recovered = new ArrayList<>();
    for (String topic : topics) {
      if (failingTopics.contains(topic)) {
        recovered.add(topic);
      }
    }
    if (recovered.isEmpty()) {
      return;
    }
    try {
      pool.preparedQuery(RECOVERED)
          .execute(Tuple.of(recovered.toArray(String[]::new)))
          .await()
          .atMost(TIMEOUT);
      recovered.forEach(failingTopics::remove);
    } catch (RuntimeException e) {
      LOG.warnf("Could not clear apply's error on %d tables: %s", recovered.size(), e.getMessage());
    }
  }

  /** The tables whose error an earlier run recorded: cleared by this run's first commit of them. */
  private void load() {
    try {
      for (Row row : pool.query(FAILING_TOPICS).execute().await().atMost(TIMEOUT)) {
        failingTopics.add(row.getString(0));
      }
      loaded = true;
    } catch (RuntimeException e) {
      LOG.debugf("Could not read the tables apply failed on: %s", e.getMessage());
    }
  }
}
