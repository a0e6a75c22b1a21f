package io.tributary.source.postgres.capture.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.RowIdentity;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.catalog.TargetType;
import io.tributary.common.event.SnapshotEnd;
import io.tributary.common.event.Topics;
import io.tributary.source.postgres.capture.snapshot.SnapshotSink.TableTotals;
import io.tributary.source.spi.capture.CaptureRecords;
import io.tributary.source.spi.capture.SnapshotPublisher;
import io.tributary.source.spi.capture.SnapshotRange;
import io.tributary.source.spi.capture.StreamStart;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What the PostgreSQL snapshot step decides before it reads: a first snapshot, a snapshot resumed
 * in its generation past what was sent and recorded, one that starts over (a table identified by
 * its whole rows left, or the slot gone), with the control schema, the slot and the runner faked.
 */
class ParallelSnapshotStepTest {
  private static final TableDef USERS = table("users");
  private static final TableDef ITEMS = table("items");
  private static final TableDef EVENTS =
      table("events").withIdentity(RowIdentity.WHOLE_ROW, List.of(), null);

  private final Records records = new Records();
  private final FakeSlot slot = new FakeSlot();
  private final FakeRunner runner = new FakeRunner();
  private final Publisher publisher = new Publisher();
  private final List<Long> taken = new ArrayList<>();

  @Test
  @DisplayName("A first snapshot: the slot made with its snapshot exported, no reset markers")
  void firstSnapshot() throws Exception {
    assertThat(step(USERS, ITEMS).run(publisher)).isTrue();

    assertThat(records.generation).isEqualTo(1);
    assertThat(records.restartedAt).containsExactly(1L);
    assertThat(records.chunked).isTrue();
    assertThat(runner.preparedSlot).isEqualTo("slot");
    assertThat(runner.job.tables()).containsExactly(USERS, ITEMS);
    assertThat(runner.job.generation()).isEqualTo(1);
    assertThat(publisher.sent).isEmpty();
    assertThat(taken).containsExactly(1L);
  }

  @Test
  @DisplayName(
      "Interrupted with keyed tables left: resumed in its generation, past the tables sent and the"
          + " ranges recorded, numbering after the last chunk recorded")
  void resumed() throws Exception {
    records.generation = 1;
    records.sent.add("public.users");
    records.ranges.add(new SnapshotRange(ITEMS.topic(), "blocks 0-1024", 3, 900, 1));
    records.ranges.add(new SnapshotRange(ITEMS.topic(), "blocks 2048-3072", 7, 2100, 2));
    slot.exists = true;

    assertThat(step(USERS, ITEMS).run(publisher)).isTrue();

    assertThat(records.generation).isEqualTo(1);
    assertThat(records.restartedAt).isEmpty();
    assertThat(slot.dropped).isFalse();
    assertThat(runner.preparedSlot).isNull();
    assertThat(runner.preparedResumed).isTrue();
    assertThat(runner.job.tables()).containsExactly(ITEMS);
    SnapshotJob.Resumed resumed = runner.job.resumed(ITEMS);
    assertThat(resumed.done()).containsExactly(new CtidRange(0, 1024), new CtidRange(2048, 3072));
    assertThat(resumed.totals()).isEqualTo(new TableTotals(7, 2100, 2));
    assertThat(publisher.sent).isEmpty();
    assertThat(taken).containsExactly(1L);
  }

  @Test
  @DisplayName(
      "Interrupted with a table identified by its whole rows left: started over in a new"
          + " generation, on a slot made anew, after reset markers")
  void wholeRowTableStartsOver() throws Exception {
    records.generation = 1;
    records.ranges.add(new SnapshotRange(USERS.topic(), "blocks 0-", 1, 10, 0));
    slot.exists = true;

    assertThat(step(USERS, EVENTS).run(publisher)).isTrue();

    assertThat(slot.dropped).isTrue();
    assertThat(records.generation).isEqualTo(2);
    assertThat(records.restartedAt).containsExactly(2L);
    assertThat(runner.preparedSlot).isEqualTo("slot");
    assertThat(runner.job.tables()).containsExactly(USERS, EVENTS);
    assertThat(runner.job.resumed(USERS).done()).isEmpty();
    // every partition (two) of each table topic, then each table on the snapshot topic
    String snapshotTopic = Topics.snapshotTopic("m", "pg");
    assertThat(publisher.sent)
        .extracting(ProducerRecord::topic)
        .containsExactly(
            USERS.topic(),
            USERS.topic(),
            EVENTS.topic(),
            EVENTS.topic(),
            snapshotTopic,
            snapshotTopic);
    assertThat(publisher.sent)
        .allSatisfy(r -> assertThat(r.headers().lastHeader(Topics.RESET_HEADER)).isNotNull());
    assertThat(publisher.flushes).isPositive();
    assertThat(taken).containsExactly(2L);
  }

  @Test
  @DisplayName(
      "Sent whole before a stop, no offsets stored since: nothing read again; Debezium starts at"
          + " the slot's confirmed position, stored as its offset")
  void sentWholeStreamsFromTheSlot() throws Exception {
    records.generation = 1;
    records.sent.addAll(Set.of("public.users", "public.items"));
    slot.exists = true;
    ParallelSnapshotStep step = step(USERS, ITEMS);

    assertThat(step.run(publisher)).isTrue();

    assertThat(runner.job).isNull();
    assertThat(records.generation).isEqualTo(1);
    StreamStart start = step.streamStart().orElseThrow();
    assertThat(start.partition()).containsExactly(Map.entry("server", "slot"));
    assertThat(start.offset())
        .containsEntry("lsn", 0x4AE1A18L)
        .containsEntry("lsn_proc", 0x4AE1A18L)
        .containsEntry("lsn_commit", 0x4AE1A18L)
        .doesNotContainKeys("snapshot", "snapshot_completed");
  }

  @Test
  @DisplayName("Interrupted and the slot gone: started over")
  void slotGoneStartsOver() throws Exception {
    records.generation = 1;
    records.sent.add("public.users");
    slot.exists = false;

    assertThat(step(USERS, ITEMS).run(publisher)).isTrue();

    assertThat(records.generation).isEqualTo(2);
    assertThat(runner.job.tables()).containsExactly(USERS, ITEMS);
  }

  @Test
  @DisplayName("A table's end marker follows its chunks; its completion is recorded after a flush")
  void tableDoneIsRecordedAfterItsEndMarker() {
    PublishedSnapshotSink sink = new PublishedSnapshotSink(publisher, records, "m", "pg", 4);
    sink.rangeDone(USERS, new CtidRange(0, 8), new TableTotals(2, 50, 1));
    sink.tableDone(USERS, new TableTotals(2, 50, 1));

    assertThat(records.ranges)
        .containsExactly(new SnapshotRange(USERS.topic(), "blocks 0-8", 2, 50, 1));
    assertThat(records.sentRows).containsExactly("public.users=51");
    ProducerRecord<String, byte[]> end = publisher.sent.get(0);
    assertThat(end.topic()).isEqualTo(Topics.snapshotTopic("m", "pg"));
    assertThat(SnapshotEnd.read(end.key(), "4", end.value()))
        .isEqualTo(new SnapshotEnd(USERS.topic(), 4, 2, 50, 1));
    assertThat(publisher.flushes).isEqualTo(2);
  }

  @Test
  @DisplayName("Stopped: the run ends without taking the snapshot")
  void stopped() throws Exception {
    ParallelSnapshotStep step = step(USERS);
    step.stop();
    assertThat(step.run(publisher)).isFalse();
    assertThat(runner.stopped).isTrue();
    assertThat(taken).isEmpty();
  }

  private ParallelSnapshotStep step(TableDef... tables) {
    return new ParallelSnapshotStep(
        "m",
        "pg",
        List.of(tables),
        records,
        () -> ++records.generation,
        topic -> 2,
        slot,
        sink -> runner,
        taken::add);
  }

  private static TableDef table(String name) {
    return new TableDef(
        "pg",
        "public",
        name,
        "app",
        name,
        "tributary.m.pg.public." + name,
        List.of(new ColumnDef("id", "integer", "id", TargetType.INTEGER, 1, false)));
  }

  /** The control schema's records of the source, in memory. */
  private static final class Records implements CaptureRecords {
    long generation;
    boolean chunked;
    final Set<String> sent = new HashSet<>();
    final List<String> sentRows = new ArrayList<>();
    final List<SnapshotRange> ranges = new ArrayList<>();
    final List<Long> restartedAt = new ArrayList<>();

    @Override
    public long snapshotGeneration(String migration, String source) {
      return generation;
    }

    @Override
    public boolean markSnapshotComplete(
        String migration, String source, String schema, String table, long rows) {
      throw new AssertionError("a chunked snapshot records tables as sent");
    }

    @Override
    public boolean markSnapshotSent(
        String migration, String source, String schema, String table, long rows) {
      sentRows.add(schema + "." + table + "=" + rows);
      return sent.add(schema + "." + table);
    }

    @Override
    public void declareChunkedSnapshots(String migration, String source) {
      chunked = true;
    }

    @Override
    public void recordSnapshotRange(
        String migration, String source, long generation, SnapshotRange range) {
      ranges.add(range);
    }

    @Override
    public List<SnapshotRange> snapshotRanges(String migration, String source, long generation) {
      return List.copyOf(ranges);
    }

    @Override
    public void restartSnapshot(String migration, String source, long generation) {
      restartedAt.add(generation);
      sent.clear();
      ranges.clear();
    }

    @Override
    public Set<String> snapshotsSent(String migration, String source) {
      return Set.copyOf(sent);
    }

    @Override
    public void recordReplicaIdentities(
        String migration, String source, Map<String, String> identities) {}

    @Override
    public List<TableDef> changedReplicaIdentities(String migration, String source) {
      return List.of();
    }

    @Override
    public void clearReplicaIdentities(String migration, String source) {}
  }

  private static final class FakeSlot implements ParallelSnapshotStep.Slot {
    boolean exists;
    boolean dropped;

    @Override
    public String name() {
      return "slot";
    }

    @Override
    public boolean exists() {
      return exists;
    }

    @Override
    public void drop() {
      dropped = exists;
      exists = false;
    }

    @Override
    public OptionalLong confirmedFlush() {
      return exists ? OptionalLong.of(0x4AE1A18L) : OptionalLong.empty();
    }
  }

  /** Reads nothing: remembers how it was made ready and what it was to read. */
  private static final class FakeRunner implements SnapshotRunner {
    String preparedSlot;
    boolean preparedResumed;
    boolean stopped;
    SnapshotJob job;

    @Override
    public String prepare(String slotName) {
      preparedSlot = slotName;
      return "0/1";
    }

    @Override
    public String prepareResumed() {
      preparedResumed = true;
      return "0/2";
    }

    @Override
    public boolean run(SnapshotJob job) {
      this.job = job;
      return !stopped;
    }

    @Override
    public void stop() {
      stopped = true;
    }

    @Override
    public void close() {}
  }

  private static final class Publisher implements SnapshotPublisher {
    final List<ProducerRecord<String, byte[]>> sent = new ArrayList<>();
    int flushes;

    @Override
    public void send(List<ProducerRecord<String, byte[]>> records) {
      sent.addAll(records);
    }

    @Override
    public void flush() {
      flushes++;
    }
  }
}
