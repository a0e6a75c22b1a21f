package io.tributary.cdc.apply;

import io.tributary.common.event.SourcePosition;
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
   * Stores a batch's next offsets, the highest source position it applied per partition and the
   * position of the last change it applied there ({@link AppliedPositions}), in the batch's
   * transaction.
   */
  void store(
      TargetSession session,
      Map<TopicPartition, Long> nextOffsets,
      Map<TopicPartition, Long> positions,
      Map<TopicPartition, SourcePosition> applied) {
    List<String> topics = new ArrayList<>();
    List<Integer> partitions = new ArrayList<>();
    List<Long> offsets = new ArrayList<>();
    List<Long> sourcePositions = new ArrayList<>();
    List<Long> generations = new ArrayList<>();
    List<Long> majors = new ArrayList<>();
    List<Long> minors = new ArrayList<>();
    List<Long> ordinals = new ArrayList<>();
    nextOffsets.forEach(
        (tp, next) -> {
          topics.add(tp.topic());
          partitions.add(tp.partition());
          offsets.add(next);
          sourcePositions.add(positions.get(tp));
          SourcePosition at = applied.get(tp);
          generations.add(at == null ? null : at.generation());
          majors.add(at == null ? null : at.major());
          minors.add(at == null ? null : at.minor());
          ordinals.add(at == null ? null : at.ordinal());
        });
    session.update(
        ApplyStatements.STORE_OFFSETS,
        config.groupId(),
        topics.toArray(String[]::new),
        partitions.toArray(Integer[]::new),
        offsets.toArray(Long[]::new),
        sourcePositions.toArray(Long[]::new),
        generations.toArray(Long[]::new),
        majors.toArray(Long[]::new),
        minors.toArray(Long[]::new),
        ordinals.toArray(Long[]::new));
  }

  /** After the batch's transaction committed: its offsets are this instance's. */
  void committed(Map<TopicPartition, Long> nextOffsets) {
    committed.putAll(nextOffsets);
  }

  /** The stored next offsets of the given partitions (absent: never stored). */
  public Map<TopicPartition, Long> load(List<TopicPartition> partitions) {
    Map<TopicPartition, Long> out = new HashMap<>();
    for (Row row : stored(partitions)) {
      out.put(
          new TopicPartition(row.getString("topic"), row.getInteger("kafka_partition")),
          row.getLong("next_offset"));
    }
    return out;
  }

  /**
   * The stored next offsets and applied positions of the given partitions (absent: never stored; a
   * partition without a position has applied no positioned change).
   */
  Stored loadWithPositions(List<TopicPartition> partitions) {
    Map<TopicPartition, Long> next = new HashMap<>();
    Map<TopicPartition, SourcePosition> applied = new HashMap<>();
    for (Row row : stored(partitions)) {
      TopicPartition tp =
          new TopicPartition(row.getString("topic"), row.getInteger("kafka_partition"));
      next.put(tp, row.getLong("next_offset"));
      SourcePosition at = SourcePosition.fromArray(row.getArrayOfLongs("applied_position"));
      if (at != null) {
        applied.put(tp, at);
      }
    }
    return new Stored(next, applied);
  }

  /**
   * What is stored of some partitions.
   *
   * @param next the offset after the last record applied
   * @param applied the position of the last change applied
   */
  record Stored(Map<TopicPartition, Long> next, Map<TopicPartition, SourcePosition> applied) {}

  private Iterable<Row> stored(List<TopicPartition> partitions) {
    if (partitions.isEmpty()) {
      return List.of();
    }
    Tuple params =
        Tuple.of(
            config.groupId(),
            partitions.stream().map(TopicPartition::topic).toArray(String[]::new),
            partitions.stream().map(TopicPartition::partition).toArray(Integer[]::new));
    return pool.preparedQuery(ApplyStatements.LOAD_OFFSETS)
        .execute(params)
        .await()
        .atMost(config.writeTimeout());
  }
}
