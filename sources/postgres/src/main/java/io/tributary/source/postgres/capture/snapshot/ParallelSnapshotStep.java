package io.tributary.source.postgres.capture.snapshot;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.event.Topics;
import io.tributary.source.postgres.capture.snapshot.SnapshotJob.Resumed;
import io.tributary.source.postgres.capture.snapshot.SnapshotSink.TableTotals;
import io.tributary.source.spi.capture.CaptureRecords;
import io.tributary.source.spi.capture.ChunkWriter;
import io.tributary.source.spi.capture.ResetMarkers;
import io.tributary.source.spi.capture.SnapshotPublisher;
import io.tributary.source.spi.capture.SnapshotRange;
import io.tributary.source.spi.capture.SnapshotStep;
import io.tributary.source.spi.capture.SnapshotTopicRecords;
import io.tributary.source.spi.capture.StreamStart;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The snapshot of a PostgreSQL source, read by a {@link SnapshotRunner} before Debezium streams:
 * the slot is created with its snapshot exported, the readers read every table in it in block
 * ranges, the chunks go to the source's snapshot topic, and Debezium then streams from the slot's
 * consistent point ({@code snapshot.mode=no_data}, no offsets: it starts at the slot's confirmed
 * position), so the snapshot and the stream meet exactly.
 *
 * <p>A fresh snapshot moves the source to its next generation (reset markers first, unless it is
 * the first one) and forgets what earlier ones sent. A capture restarted during a snapshot resumes
 * it in the same generation, skipping the tables sent and the ranges recorded, when the slot is
 * still there and every table left has a key: its remaining ranges are read in a snapshot taken
 * now, and the changes the slot holds since its consistent point, applied after the snapshot, bring
 * each key to its latest value. A table identified by its whole rows cannot be read that way (a
 * change streamed again would double a row): then the snapshot starts afresh.
 */
public final class ParallelSnapshotStep implements SnapshotStep {
  private static final Logger LOG = LoggerFactory.getLogger(ParallelSnapshotStep.class);

  /** The source's slot, as the step sees and handles it. */
  public interface Slot {
    /** The slot's name. */
    String name();

    /** Whether the slot exists. */
    boolean exists() throws SQLException;

    /**
     * Drops the slot if it exists.
     *
     * @throws SQLException when it is in use
     */
    void drop() throws SQLException;

    /** The slot's confirmed position (the LSN as a number); empty when it does not exist. */
    OptionalLong confirmedFlush() throws SQLException;
  }

  private final String migration;
  private final String source;
  private final List<TableDef> tables;
  private final CaptureRecords records;
  private final LongSupplier nextGeneration;
  private final ToIntFunction<String> partitions;
  private final Slot slot;
  private final LongConsumer taken;
  private final ParallelSnapshotRunnerFactory runners;

  /** Makes the runner of a generation: it publishes into a sink of that generation. */
  @FunctionalInterface
  public interface ParallelSnapshotRunnerFactory {
    SnapshotRunner runner(SnapshotSink sink);
  }

  private volatile SnapshotRunner current;
  private volatile boolean stopped;

  /**
   * @param nextGeneration moves the source to its next snapshot generation, returned
   * @param partitions a topic's partition count (reset markers go to every one)
   * @param runners makes the runner of a generation
   * @param taken told the generation of the snapshot once it is complete (the stream's records
   *     carry it)
   */
  public ParallelSnapshotStep(
      String migration,
      String source,
      List<TableDef> tables,
      CaptureRecords records,
      LongSupplier nextGeneration,
      ToIntFunction<String> partitions,
      Slot slot,
      ParallelSnapshotRunnerFactory runners,
      LongConsumer taken) {
    this.migration = migration;
    this.source = source;
    this.tables = List.copyOf(tables);
    this.records = records;
    this.nextGeneration = nextGeneration;
    this.partitions = partitions;
    this.slot = slot;
    this.runners = runners;
    this.taken = taken;
  }

  @Override
  public boolean run(SnapshotPublisher publisher) throws Exception {
    records.declareChunkedSnapshots(migration, source);
    long generation = records.snapshotGeneration(migration, source);
    Set<String> sent = records.snapshotsSent(migration, source);
    List<TableDef> left =
        tables.stream()
            .filter(t -> !sent.contains(t.sourceSchema() + "." + t.sourceTable()))
            .toList();
    List<SnapshotRange> ranges =
        generation > 0 ? records.snapshotRanges(migration, source, generation) : List.of();
    if (left.isEmpty() && slot.exists()) {
      // sent whole before the capture stopped, and Debezium stored no offset since: it streams
      // from the slot's consistent point, still its confirmed position
      LOG.info(
          "Snapshot of {}/{} was sent whole in generation {}; streaming starts at slot {}",
          migration,
          source,
          generation,
          slot.name());
      return true;
    }
    boolean resumable =
        generation > 0
            && (!ranges.isEmpty() || left.size() < tables.size())
            && left.stream().allMatch(ChunkWriter::carriesKeys)
            && slot.exists();
    if (resumable) {
      return resume(publisher, generation, left, ranges);
    }
    return fresh(publisher, generation);
  }

  private boolean fresh(SnapshotPublisher publisher, long previous) throws Exception {
    slot.drop();
    long generation = nextGeneration.getAsLong();
    records.restartSnapshot(migration, source, generation);
    if (previous > 0) {
      // what earlier snapshots wrote is replaced: apply empties each table at these markers
      List<String> topics = tables.stream().map(TableDef::topic).toList();
      publisher.send(ResetMarkers.of(generation, migration, source, topics, partitions));
      publisher.send(
          SnapshotTopicRecords.resets(
              Topics.snapshotTopic(migration, source), generation, migration, source, topics));
      publisher.flush();
    }
    LOG.info(
        "Snapshot of {}/{} starts: generation {}, {} tables read in the exported snapshot of slot {}",
        migration,
        source,
        generation,
        tables.size(),
        slot.name());
    SnapshotRunner runner = open(publisher, generation);
    try {
      runner.prepare(slot.name());
      return finish(
          runner, new SnapshotJob(tables, generation, ChunkWriter::carriesKeys, Map.of()));
    } finally {
      runner.close();
    }
  }

  private boolean resume(
      SnapshotPublisher publisher, long generation, List<TableDef> left, List<SnapshotRange> ranges)
      throws Exception {
    Map<String, List<CtidRange>> done = new HashMap<>();
    Map<String, TableTotals> totals = new HashMap<>();
    for (SnapshotRange range : ranges) {
      done.computeIfAbsent(range.topic(), t -> new ArrayList<>())
          .add(CtidRange.parse(range.label()));
      TableTotals before = totals.get(range.topic());
      if (before == null || before.chunks() < range.chunks()) {
        totals.put(range.topic(), new TableTotals(range.chunks(), range.rows(), range.rejects()));
      }
    }
    Map<String, Resumed> resumed = new HashMap<>();
    done.forEach((topic, list) -> resumed.put(topic, new Resumed(list, totals.get(topic))));
    LOG.info(
        "Snapshot of {}/{} resumes in generation {}: {} of {} tables left, {} ranges done; the"
            + " rest is read in a snapshot taken now, slot {} streams every change since its own",
        migration,
        source,
        generation,
        left.size(),
        tables.size(),
        ranges.size(),
        slot.name());
    SnapshotRunner runner = open(publisher, generation);
    try {
      runner.prepareResumed();
      return finish(runner, new SnapshotJob(left, generation, ChunkWriter::carriesKeys, resumed));
    } finally {
      runner.close();
    }
  }

  private SnapshotRunner open(SnapshotPublisher publisher, long generation) {
    SnapshotRunner runner =
        runners.runner(
            new PublishedSnapshotSink(publisher, records, migration, source, generation));
    current = runner;
    if (stopped) {
      runner.stop();
    }
    return runner;
  }

  private boolean finish(SnapshotRunner runner, SnapshotJob job) throws Exception {
    boolean complete = runner.run(job);
    if (complete) {
      taken.accept(job.generation());
    }
    return complete;
  }

  /**
   * Debezium's offset at the slot's confirmed position, which is the consistent point of the
   * snapshot: the slot was made with it, and nothing confirmed a position since (Debezium had not
   * started). Stored before Debezium's first start, it makes that start resume there as from its
   * own offset after a snapshot of its own: the last commit and the last change processed at that
   * point. (Started with no offset, Debezium would give the changes before the first commit it sees
   * no last commit, and the same changes streamed again after a restart another one: their
   * positions would differ between the two runs, and apply would skip some as applied already.) The
   * capture host stores it in the form the kind's resume safety gives it ({@code
   * PostgresResumeSafety#stored}): a transaction that began before that point and commits after it
   * may have a change right there, which Debezium's resume search would take for one processed.
   */
  @Override
  public Optional<StreamStart> streamStart() throws SQLException {
    long lsn =
        slot.confirmedFlush()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "replication slot " + slot.name() + " disappeared after the snapshot"));
    return Optional.of(
        new StreamStart(
            Map.of("server", slot.name()),
            Map.of(
                "lsn",
                lsn,
                "lsn_proc",
                lsn,
                "lsn_commit",
                lsn,
                "ts_usec",
                System.currentTimeMillis() * 1000)));
  }

  @Override
  public void stop() {
    stopped = true;
    SnapshotRunner running = current;
    if (running != null) {
      running.stop();
    }
  }
}
