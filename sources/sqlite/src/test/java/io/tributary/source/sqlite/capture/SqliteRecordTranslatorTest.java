package io.tributary.source.sqlite.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.event.SnapshotChunk;
import io.tributary.common.event.SnapshotEnd;
import io.tributary.common.event.Topics;
import io.tributary.source.spi.capture.CaptureBookkeeping;
import io.tributary.source.spi.capture.RecordTranslator;
import io.tributary.source.sqlite.catalog.SqliteCatalogReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the capture host publishes of a change-log capture's snapshot: chunks with the source's
 * generation, reset markers on the snapshot topic as on the table topics, and a table's end marker
 * after its chunks, recorded once Kafka has it.
 */
class SqliteRecordTranslatorTest {
  private static final String SNAPSHOT = "tributary.demo.app.snapshot";
  private static final String NOTES = "tributary.demo.app.main.notes";

  @TempDir Path dir;

  /** The control schema's side: generations handed out, completions recorded. */
  private static final class Books implements CaptureBookkeeping {
    long generation;
    final List<String> completed = new ArrayList<>();

    @Override
    public long snapshotGeneration() {
      return generation;
    }

    @Override
    public long nextGeneration() {
      return ++generation;
    }

    @Override
    public void snapshotComplete(String table, long rows) {
      completed.add(table + " " + rows);
    }

    @Override
    public void fencePublished(long fence, Map<String, Map<Integer, Long>> offsets) {}
  }

  @Test
  @DisplayName(
      "A snapshot restarted publishes reset markers on its table topics and its snapshot topic;"
          + " chunks carry the new generation; a table's completion publishes its end marker,"
          + " recorded once acknowledged")
  void snapshotTopicRecords() throws Exception {
    Path file = dir.resolve("notes.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      c.createStatement().execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");
      c.createStatement().execute("INSERT INTO notes VALUES (1, 'a'), (2, 'b')");
    }
    Books books = new Books();
    books.generation = 4; // an earlier snapshot was interrupted
    TaskHarness harness = new TaskHarness(file, Map.of(), null);
    List<SourceRecord> records = harness.drain();
    harness.stop();
    List<TableDef> tables = SqliteCatalogReader.read(file, "demo", "app", "app");
    SqliteRecordTranslator translator =
        new SqliteRecordTranslator("tributary.capture", "demo", "app", tables, t -> 2, books);

    List<ProducerRecord<String, byte[]>> published = new ArrayList<>();
    for (SourceRecord r : records) {
      RecordTranslator.Translation translation = translator.translate(r);
      published.addAll(translation.records());
      translation.onAcknowledged().accept(List.of());
    }

    // the start: a reset on each partition of the table topic, and one on the snapshot topic
    List<ProducerRecord<String, byte[]>> resets =
        published.stream().filter(p -> header(p, Topics.RESET_HEADER) != null).toList();
    assertThat(resets)
        .extracting(p -> p.topic() + " " + p.partition() + " " + p.key())
        .containsExactly(NOTES + " 0 null", NOTES + " 1 null", SNAPSHOT + " null " + NOTES);
    assertThat(resets).allSatisfy(p -> assertThat(header(p, Topics.RESET_HEADER)).isEqualTo("5"));

    ProducerRecord<String, byte[]> chunk =
        published.stream()
            .filter(p -> header(p, SnapshotChunk.CRC_HEADER) != null)
            .findFirst()
            .orElseThrow();
    assertThat(chunk.topic()).isEqualTo(SNAPSHOT);
    assertThat(chunk.key()).isEqualTo(NOTES);
    SnapshotChunk read =
        SnapshotChunk.read(chunk.key(), chunk.value(), name -> header(chunk, name));
    assertThat(read.generation()).isEqualTo(5);
    assertThat(read.rows()).isEqualTo(2);

    int chunkAt = published.indexOf(chunk);
    ProducerRecord<String, byte[]> end = published.get(published.size() - 2);
    assertThat(published.indexOf(end)).isGreaterThan(chunkAt);
    assertThat(end.topic()).isEqualTo(SNAPSHOT);
    assertThat(end.key()).isEqualTo(NOTES);
    assertThat(SnapshotEnd.read(end.key(), header(end, SnapshotEnd.HEADER), end.value()))
        .isEqualTo(new SnapshotEnd(NOTES, 5, 1, 2, 0));
    assertThat(published.get(published.size() - 1).topic()).isEqualTo("tributary.capture");
    assertThat(books.completed).containsExactly("notes 2");
  }

  @Test
  @DisplayName(
      "A fence's markers, one per partition of each table topic, carry the fence's position in the"
          + " change log (a validation as of the fence reads the log after it)")
  void fenceMarkersCarryTheFencePosition() throws Exception {
    Path file = dir.resolve("fenced.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      c.createStatement().execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");
    }
    Books books = new Books();
    books.generation = 3;
    SqliteRecordTranslator translator =
        new SqliteRecordTranslator(
            "tributary.capture",
            "demo",
            "app",
            SqliteCatalogReader.read(file, "demo", "app", "app"),
            t -> 2,
            books);
    SourceRecord fence =
        new SourceRecord(
            Map.of("file", file.toString()),
            Map.of(CaptureOffset.LOG_POSITION, 42L),
            "tributary.capture",
            null,
            "{\"migration\":\"demo\",\"source\":\"app\"}",
            null,
            "{\"event\":\"fence\",\"fence\":7,\"migration\":\"demo\",\"source\":\"app\"}"
                .getBytes(StandardCharsets.UTF_8));

    fence.headers().addString(Topics.POSITION_HEADER, "1795000000000/42/0/0");

    List<ProducerRecord<String, byte[]>> markers = translator.translate(fence).records();

    assertThat(markers)
        .extracting(p -> p.topic() + " " + p.partition())
        .containsExactly(NOTES + " 0", NOTES + " 1");
    assertThat(markers)
        .allSatisfy(
            m -> {
              assertThat(header(m, Topics.FENCE_HEADER)).isEqualTo("7");
              assertThat(header(m, Topics.POSITION_HEADER)).isEqualTo("1795000000000/42/0/0");
            });
  }

  private static String header(ProducerRecord<String, byte[]> record, String name) {
    Header h = record.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
