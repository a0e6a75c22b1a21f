package io.tributary.cdc.apply;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Apply's positions in the Kafka topics, kept in {@code tributary.apply_offsets} only: each batch
 * locks the stored offsets of its partitions, checks that nobody applied past its start, and stores
 * its next offsets in the transaction that writes its rows; on assignment the consumer seeks to
 * them. Kafka's own committed offsets are never read.
 */
@ApplicationScoped
public class StoredOffsets {
  private static final Logger LOG = Logger.getLogger(StoredOffsets.class);

  private final Pool pool;
  private final ApplyConfig config;

  /**
   * The offset after the last batch this instance committed, per partition: a stored offset behind
   * it means the target lost commits.
   */
  private final Map<TopicPartition, Long> committed = new ConcurrentHashMap<>();

  public StoredOffsets(Pool pool, ApplyConfig config) {
    this.pool = pool;
    this.config = config;
  }

  /**
   * Locks the stored offsets of a batch's partitions until its transaction ends, and tells whether
   * the batch may be written: false when another consumer applied past the batch's start (a
   * rebalance happened), or the target lost this instance's last commits.
   */
  boolean lockStillOurs(TargetSession session, Map<TopicPartition, Long> firstOffsets) {
    List<String> topics = new ArrayList<>();
    List<Integer> partitions = new ArrayList<>();
    firstOffsets
        .keySet()
        .forEach(
            tp -> {
              topics.add(tp.topic());
              partitions.add(tp.partition());
            });
    boolean ours = true;
    Set<TopicPartition> found = new HashSet<>();
    for (Object[] row :
        session.query(
            ApplyStatements.LOCK_OFFSETS,
            config.groupId(),
            topics.toArray(String[]::new),
            partitions.toArray(Integer[]::new))) {
      TopicPartition tp = new TopicPartition((String) row[0], ((Number) row[1]).intValue());
      found.add(tp);
      long stored = ((Number) row[2]).longValue();
      Long mine = committed.get(tp);
      if (stored > firstOffsets.get(tp)) {
        LOG.infof(
            "Partition %s was applied up to %d by another consumer; this batch starts at %d: skipped",
            tp, stored, firstOffsets.get(tp));
        ours = false;
      } else if (mine != null && stored < mine) {
        lostCommits(tp, mine, stored);
        committed.put(tp, stored);
        ours = false;
      }
    }
    for (TopicPartition tp : firstOffsets.keySet()) {
      Long mine = committed.get(tp);
      if (!found.contains(tp) && mine != null) {
        lostCommits(tp, mine, 0);
        committed.remove(tp);
        ours = false;
      }
    }
    return ours;
  }

  /**
   * The target forgot commits of this writer (PostgreSQL crashed while apply commits
   * asynchronously, {@code apply.synchronous-commit=off}): their rows went with their offsets, so
   * apply goes back to the stored offsets and writes those records again from Kafka.
   */
  private static void lostCommits(TopicPartition tp, long mine, long stored) {
    LOG.warnf(
        "Partition %s: this apply committed up to offset %d, the target holds %d (it lost its last"
            + " commits in a crash): writing the records after %d again from Kafka",
        tp, mine, stored, stored);
  }

  /**
   * Stores a batch's next offsets and the highest source position it applied per partition, in the
   * batch's transaction.
   */
  void store(
      TargetSession session,
      Map<TopicPartition, Long> nextOffsets,
      Map<TopicPartition, Long> positions) {
    List<String> topics = new ArrayList<>();
    List<Integer> partitions = new ArrayList<>();
    List<Long> offsets = new ArrayList<>();
    List<Long> sourcePositions = new ArrayList<>();
    nextOffsets.forEach(
        (tp, next) -> {
          topics.add(tp.topic());
          partitions.add(tp.partition());
          offsets.add(next);
          sourcePositions.add(positions.get(tp));
        });
    session.update(
        ApplyStatements.STORE_OFFSETS,
        config.groupId(),
        topics.toArray(String[]::new),
        partitions.toArray(Integer[]::new),
        offsets.toArray(Long[]::new),
        sourcePositions.toArray(Long[]::new));
  }

  /** After the batch's transaction committed: its offsets are this instance's. */
  void committed(Map<TopicPartition, Long> nextOffsets) {
    committed.putAll(nextOffsets);
  }

  /** The stored next offsets of the given partitions (absent: never stored). */
  public Map<TopicPartition, Long> load(List<TopicPartition> partitions) {
    Map<TopicPartition, Long> out = new HashMap<>();
    if (partitions.isEmpty()) {
      return out;
    }
    Tuple params =
        Tuple.of(
            config.groupId(),
            partitions.stream().map(TopicPartition::topic).toArray(String[]::new),
            partitions.stream().map(TopicPartition::partition).toArray(Integer[]::new));
    for (Row row :
        pool.preparedQuery(ApplyStatements.LOAD_OFFSETS)
            .execute(params)
            .await()
            .atMost(config.writeTimeout())) {
      out.put(
          new TopicPartition(row.getString("topic"), row.getInteger("kafka_partition")),
          row.getLong("next_offset"));
    }
    return out;
  }
}
