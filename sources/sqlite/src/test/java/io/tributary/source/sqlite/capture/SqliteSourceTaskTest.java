package io.tributary.source.sqlite.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.catalog.TableDef;
import io.tributary.source.sqlite.catalog.SqliteCatalogReader;
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
    return start(fetch, storedOffset, readAhead, Map.of());
  }

  private static SqliteSourceTask start(
      int fetch, Map<String, Object> storedOffset, boolean readAhead, Map<String, String> more) {
    SqliteSourceTask task = new SqliteSourceTask();
    task.initialize(new FakeTaskContext(storedOffset));
    Map<String, String> config = new HashMap<>(config(fetch));
    config.put(SqliteConnectorConfig.SNAPSHOT_READ_AHEAD, Boolean.toString(readAhead));
    config.putAll(more);
    task.start(config);
    return task;
  }

  /**
   * Chunks of {@code chunkBytes}, read without a time limit: chunks close where the rows' sizes
   * say, the same in every run.
   */
  private static Map<String, String> readsNotCutByTime(int chunkBytes) {
    return Map.of(
        SqliteConnectorConfig.SNAPSHOT_CHUNK_BYTES,
        Integer.toString(chunkBytes),
        SqliteConnectorConfig.SNAPSHOT_MAX_READ_MS,
        "60000");
  }

  /** What a task started as {@link #start} delivers until its snapshot is complete. */
  private static List<SourceRecord> snapshot(
      int fetch, Map<String, Object> storedOffset, boolean readAhead, Map<String, String> more)
      throws Exception {
    SqliteSourceTask task = start(fetch, storedOffset, readAhead, more);
    try {
      return pollAll(task, 10_000);
    } finally {
      task.stop();
    }
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

  /** The captured tables by topic. */
  private static Map<String, TableDef> tables() {
    Map<String, TableDef> tables = new HashMap<>();
    SqliteCatalogReader.read(file, "demo", "shop", "shop").forEach(t -> tables.put(t.topic(), t));
    return tables;
  }

  /** The rows of the chunks among {@code records}, in order: topic and the row's key. */
  private static List<String> chunkRows(List<SourceRecord> records) {
    Map<String, TableDef> tables = tables();
    List<String> rows = new ArrayList<>();
    for (SourceRecord r : records) {
      if (ChunkRows.isChunk(r)) {
        for (ChunkRows.Row row : ChunkRows.rows(r, tables.get((String) r.key()))) {
          rows.add(r.key() + " " + row.key());
        }
      }
    }
    return rows;
  }

  private static Map<String, Long> perTopic(List<String> rows) {
    Map<String, Long> perTopic = new HashMap<>();
    rows.forEach(row -> perTopic.merge(row.substring(0, row.indexOf(' ')), 1L, Long::sum));
    return perTopic;
  }

  @Test
  @DisplayName(
      "A snapshot announces that it starts from its beginning, sends every row once, in key"
          + " order, in chunks on the snapshot topic, then one progress event per table")
  void snapshotsEveryRow() throws Exception {
    SqliteSourceTask task = start(777, null);
    List<SourceRecord> records = pollAll(task, 10_000);
    task.stop();
    List<String> progress = new ArrayList<>();
    for (SourceRecord r : records.subList(1, records.size())) {
      if (r.topic().equals("tributary.capture")) {
        CaptureProgress event = CaptureProgress.parse((byte[]) r.value());
        progress.add(event.table() + " " + event.rows());
      } else {
        assertThat(r.topic()).isEqualTo("tributary.demo.shop.snapshot");
      }
    }
    List<String> rows = chunkRows(records);
    assertThat(perTopic(rows)).isEqualTo(sourceCounts());
    Map<String, Long> counts = sourceCounts();
    assertThat(progress)
        .containsExactly(
            "customers " + counts.get("tributary.demo.shop.main.customers"),
            "order_tags " + counts.get("tributary.demo.shop.main.order_tags"),
            "orders " + counts.get("tributary.demo.shop.main.orders"),
            "products " + counts.get("tributary.demo.shop.main.products"));
    assertThat(CaptureProgress.parse((byte[]) records.get(0).value()).event())
        .isEqualTo(CaptureProgress.SNAPSHOT_STARTED);

    SourceRecord first = records.get(1);
    assertThat(first.key()).isEqualTo("tributary.demo.shop.main.customers");
    assertThat(ChunkRows.chunk(first).number()).isEqualTo(1);
    TableDef customers = tables().get("tributary.demo.shop.main.customers");
    ChunkRows.Row row = ChunkRows.rows(first, customers).get(0);
    assertThat(row.key()).isEqualTo("{\"id\":1}");
    assertThat(row.values()[customers.columns().indexOf(customers.column("id"))]).isEqualTo(1L);
    long last = -1;
    for (String r : rows) {
      if (r.startsWith("tributary.demo.shop.main.customers ")) {
        long id = Long.parseLong(r.replaceAll("\\D", ""));
        assertThat(id).isGreaterThan(last);
        last = id;
      }
    }
  }

  @Test
  @DisplayName(
      "A task restarted from a stored offset resumes after the last chunk Kafka took, losing"
          + " nothing and sending no row twice")
  void resumesFromOffset() throws Exception {
    Map<String, String> small = Map.of(SqliteConnectorConfig.SNAPSHOT_CHUNK_BYTES, "4096");
    SqliteSourceTask first = start(1000, null, true, small);
    List<SourceRecord> part1 = pollAll(first, 23);
    while (((Map<?, ?>) part1.get(part1.size() - 1).sourceOffset()).get("snapshot_table") == null) {
      part1.addAll(first.poll()); // until it stops in the middle of a table
    }
    first.stop();
    @SuppressWarnings("unchecked")
    Map<String, Object> offset = (Map<String, Object>) part1.get(part1.size() - 1).sourceOffset();
    assertThat(offset.get("snapshot_table")).isNotNull();

    SqliteSourceTask second = start(1000, offset, true, small);
    List<SourceRecord> part2 = pollAll(second, 10_000);
    second.stop();

    List<String> rows = chunkRows(concat(part1, part2));
    assertThat(new HashSet<>(rows)).hasSameSizeAs(rows);
    assertThat(perTopic(rows)).isEqualTo(sourceCounts());
    // the chunks of the resumed table are numbered on from where the first task stopped
    List<Long> numbers = new ArrayList<>();
    for (SourceRecord r : concat(part1, part2)) {
      if (ChunkRows.isChunk(r) && r.key().equals(part1.get(part1.size() - 1).key())) {
        numbers.add(ChunkRows.chunk(r).number());
      }
    }
    for (int i = 0; i < numbers.size(); i++) {
      assertThat(numbers.get(i)).isEqualTo(i + 1L);
    }
  }

  @Test
  @DisplayName(
      "A task restarted from the offset of any chunk (several reads a poll, keys of one integer, one"
          + " text and two columns) delivers exactly the rows after that chunk")
  void resumesAtTheNextChunkAfterAnyChunk() throws Exception {
    Map<String, String> small = readsNotCutByTime(4096);
    List<SourceRecord> all = snapshot(37, null, false, small);
    List<Integer> chunks = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      if (ChunkRows.isChunk(all.get(i))) {
        chunks.add(i);
      }
    }
    assertThat(chunks).hasSizeGreaterThan(20);
    int step = Math.max(1, chunks.size() / 25);
    for (int c = 0; c < chunks.size(); c += step) {
      int at = chunks.get(c);
      @SuppressWarnings("unchecked")
      Map<String, Object> offset = (Map<String, Object>) all.get(at).sourceOffset();
      assertThat(chunkRows(snapshot(37, offset, false, small)))
          .as("after chunk record %d (%s)", at, offset)
          .isEqualTo(chunkRows(all.subList(at + 1, all.size())));
    }
  }

  @Test
  @DisplayName(
      "Reading the next chunk ahead delivers the same records, keys and offsets, in the same order,"
          + " as reading each chunk in its poll")
  void readAheadDeliversWhatReadingInTurnDelivers() throws Exception {
    Map<String, String> small = readsNotCutByTime(2048);
    List<SourceRecord> expected = snapshot(333, null, false, small);
    List<SourceRecord> actual = snapshot(333, null, true, small);

    assertThat(actual).hasSameSizeAs(expected);
    assertThat(expected.size()).isGreaterThan(100); // many chunks, over several tables
    for (int i = 0; i < expected.size(); i++) {
      SourceRecord want = expected.get(i);
      SourceRecord have = actual.get(i);
      assertThat(have.topic()).as("topic of record %d", i).isEqualTo(want.topic());
      assertThat(have.key()).as("key of record %d", i).isEqualTo(want.key());
      assertThat(have.sourceOffset()).as("offset of record %d", i).isEqualTo(want.sourceOffset());
      if (ChunkRows.isChunk(want)) {
        assertThat((byte[]) have.value()).as("rows of record %d", i).isEqualTo(want.value());
      }
    }
  }

  @Test
  @DisplayName(
      "A task stopped while a chunk is read ahead drops that chunk: restarted from what the engine"
          + " committed, it delivers the chunk's rows")
  void chunkReadAheadAtStopIsDeliveredAfterRestart() throws Exception {
    Map<String, String> small = Map.of(SqliteConnectorConfig.SNAPSHOT_CHUNK_BYTES, "1024");
    SqliteSourceTask first = start(50, null, true, small);
    List<SourceRecord> delivered = first.poll(); // the next chunk is being read ahead now
    first.stop();
    @SuppressWarnings("unchecked")
    Map<String, Object> committed =
        (Map<String, Object>) delivered.get(delivered.size() - 1).sourceOffset();

    SqliteSourceTask second = start(50, committed, true, small);
    List<SourceRecord> next = second.poll();
    second.stop();

    // the first poll starts with the snapshot's start; a resumed snapshot does not start again
    assertThat(CaptureProgress.parse((byte[]) delivered.get(0).value()).event())
        .isEqualTo(CaptureProgress.SNAPSHOT_STARTED);
    assertThat(next.get(0).topic()).isEqualTo("tributary.demo.shop.snapshot");
    List<String> before = chunkRows(delivered);
    List<String> after = chunkRows(next);
    assertThat(after.get(0)).startsWith("tributary.demo.shop.main.customers ");
    long lastDelivered = Long.parseLong(before.get(before.size() - 1).replaceAll("\\D", ""));
    assertThat(Long.parseLong(after.get(0).replaceAll("\\D", ""))).isEqualTo(lastDelivered + 1);
  }

  private static List<SourceRecord> concat(List<SourceRecord> a, List<SourceRecord> b) {
    List<SourceRecord> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
