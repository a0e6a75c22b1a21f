package io.tributary.source.sqlite.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.event.ChangeEvent;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.event.Op;
import io.tributary.tools.SampleDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteSourceTaskTest {
  @TempDir static Path dir;
  static Path file;

  @BeforeAll
  static void createDatabase() throws Exception {
    file = dir.resolve("shop.db");
    new SampleDatabase(1).create(file);
  }

  private static Map<String, String> config(int fetch) {
    return Map.of(
        SqliteConnectorConfig.PATH, file.toString(),
        SqliteConnectorConfig.MIGRATION, "demo",
        SqliteConnectorConfig.SOURCE, "shop",
        SqliteConnectorConfig.TARGET_SCHEMA, "shop",
        SqliteConnectorConfig.SNAPSHOT_FETCH_SIZE, Integer.toString(fetch),
        SqliteConnectorConfig.POLL_INTERVAL_MS, "1");
  }

  private static SqliteSourceTask start(int fetch, Map<String, Object> storedOffset) {
    return start(fetch, storedOffset, true);
  }

  private static SqliteSourceTask start(
      int fetch, Map<String, Object> storedOffset, boolean readAhead) {
    SqliteSourceTask task = new SqliteSourceTask();
    task.initialize(new FakeTaskContext(storedOffset));
    Map<String, String> config = new HashMap<>(config(fetch));
    config.put(SqliteConnectorConfig.SNAPSHOT_READ_AHEAD, Boolean.toString(readAhead));
    task.start(config);
    return task;
  }

  /** Polls until the snapshot is complete (a poll returns nothing), at most {@code maxPolls}. */
  private static List<SourceRecord> pollAll(SqliteSourceTask task, int maxPolls) throws Exception {
    List<SourceRecord> out = new ArrayList<>();
    for (int i = 0; i < maxPolls; i++) {
      List<SourceRecord> batch = task.poll();
      if (batch == null) {
        break;
      }
      out.addAll(batch);
    }
    return out;
  }

  private static Map<String, Long> sourceCounts() throws Exception {
    Map<String, Long> counts = new HashMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      for (String t : List.of("customers", "order_tags", "orders", "products")) {
        try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM " + t)) {
          rs.next();
          counts.put("tributary.demo.shop.main." + t, rs.getLong(1));
        }
      }
    }
    return counts;
  }

  @Test
  @DisplayName(
      "A snapshot announces that it starts from its beginning, emits every row once, in key"
          + " order, then one progress event per table")
  void snapshotsEveryRow() throws Exception {
    SqliteSourceTask task = start(777, null);
    List<SourceRecord> records = pollAll(task, 10_000);
    task.stop();
    Map<String, Long> perTopic = new HashMap<>();
    List<String> progress = new ArrayList<>();
    for (SourceRecord r : records.subList(1, records.size())) {
      if (r.topic().equals("tributary.capture")) {
        progress.add(CaptureProgress.parse((byte[]) r.value()).table());
      } else {
        perTopic.merge(r.topic(), 1L, Long::sum);
      }
    }
    assertThat(perTopic).isEqualTo(sourceCounts());
    assertThat(progress).containsExactly("customers", "order_tags", "orders", "products");
    assertThat(CaptureProgress.parse((byte[]) records.get(0).value()).event())
        .isEqualTo(CaptureProgress.SNAPSHOT_STARTED);

    ChangeEvent first = decode(records.get(1));
    assertThat(first.op()).isEqualTo(Op.READ);
    assertThat(first.after().get("id").asLong()).isEqualTo(1);
    assertThat(first.source().snapshot()).isEqualTo("true");
    assertThat(records.get(1).key()).isEqualTo("{\"id\":1}");
    long last = -1;
    for (SourceRecord r : records) {
      if (r.topic().endsWith(".customers")) {
        long id = decode(r).after().get("id").asLong();
        assertThat(id).isGreaterThan(last);
        last = id;
      }
    }
  }

  @Test
  @DisplayName(
      "A task restarted from a stored offset resumes after the last delivered key, losing nothing")
  void resumesFromOffset() throws Exception {
    SqliteSourceTask first = start(1000, null);
    List<SourceRecord> part1 = pollAll(first, 23); // stops in the middle of a table
    first.stop();
    @SuppressWarnings("unchecked")
    Map<String, Object> offset = (Map<String, Object>) part1.get(part1.size() - 1).sourceOffset();
    assertThat(offset.get("snapshot_table")).isNotNull();

    SqliteSourceTask second = start(1000, offset);
    List<SourceRecord> part2 = pollAll(second, 10_000);
    second.stop();

    Map<String, Set<String>> keys = new HashMap<>();
    long duplicates = 0;
    for (SourceRecord r : concat(part1, part2)) {
      if (!r.topic().equals("tributary.capture")
          && !keys.computeIfAbsent(r.topic(), t -> new HashSet<>()).add((String) r.key())) {
        duplicates++;
      }
    }
    assertThat(duplicates).isZero();
    Map<String, Long> perTopic = new HashMap<>();
    keys.forEach((t, k) -> perTopic.put(t, (long) k.size()));
    assertThat(perTopic).isEqualTo(sourceCounts());
  }

  @Test
  @DisplayName(
      "Reading the next chunk ahead delivers the same records, keys and offsets, in the same order,"
          + " as reading each chunk in its poll")
  void readAheadDeliversWhatReadingInTurnDelivers() throws Exception {
    SqliteSourceTask inTurn = start(333, null, false);
    List<SourceRecord> expected = pollAll(inTurn, 10_000);
    inTurn.stop();
    SqliteSourceTask ahead = start(333, null, true);
    List<SourceRecord> actual = pollAll(ahead, 10_000);
    ahead.stop();

    assertThat(actual).hasSameSizeAs(expected);
    assertThat(expected.size()).isGreaterThan(1000); // many chunks, over several tables
    for (int i = 0; i < expected.size(); i++) {
      SourceRecord want = expected.get(i);
      SourceRecord have = actual.get(i);
      assertThat(have.topic()).as("topic of record %d", i).isEqualTo(want.topic());
      assertThat(have.key()).as("key of record %d", i).isEqualTo(want.key());
      assertThat(have.sourceOffset()).as("offset of record %d", i).isEqualTo(want.sourceOffset());
      if (!want.topic().equals("tributary.capture")) {
        assertThat(decode(have).after()).as("row of record %d", i).isEqualTo(decode(want).after());
      }
    }
  }

  @Test
  @DisplayName(
      "A task stopped while a chunk is read ahead drops that chunk: restarted from what the engine"
          + " committed, it delivers the chunk's rows")
  void chunkReadAheadAtStopIsDeliveredAfterRestart() throws Exception {
    SqliteSourceTask first = start(50, null, true);
    List<SourceRecord> delivered = first.poll(); // the second chunk is being read ahead now
    first.stop();
    @SuppressWarnings("unchecked")
    Map<String, Object> committed =
        (Map<String, Object>) delivered.get(delivered.size() - 1).sourceOffset();

    SqliteSourceTask second = start(50, committed, true);
    List<SourceRecord> next = second.poll();
    second.stop();

    // the first chunk starts with the snapshot's start; a resumed snapshot does not start again
    assertThat(delivered).hasSize(51);
    assertThat(next).hasSize(50);
    assertThat(next.get(0).topic()).isEqualTo(delivered.get(1).topic());
    assertThat(decode(next.get(0)).after().get("id").asLong())
        .isEqualTo(decode(delivered.get(50)).after().get("id").asLong() + 1);
  }

  private static List<SourceRecord> concat(List<SourceRecord> a, List<SourceRecord> b) {
    List<SourceRecord> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static ChangeEvent decode(SourceRecord r) {
    return ChangeEventCodec.decode((byte[]) r.value());
  }
}
