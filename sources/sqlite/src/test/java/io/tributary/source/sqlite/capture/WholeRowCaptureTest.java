package io.tributary.source.sqlite.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.RowIdentity;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.event.ChangeEvent;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.event.Op;
import io.tributary.common.value.RowDecoder;
import io.tributary.common.value.ValueCastException;
import io.tributary.common.value.ValueCodec;
import io.tributary.source.sqlite.catalog.SqliteCatalogReader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SQLite table with nothing unique (a usage log with equal rows, NULLs and a BLOB), identified by
 * its whole rows: snapshotted in rowid order in chunks while the application writes into rows the
 * snapshot has read and rows it has not, restarted in the middle, then streamed. Built into a
 * multiset the way apply builds it (a read or create adds its row, a delete removes one copy), the
 * records give exactly the source's rows, each as many times as the source holds it. The restart
 * inside the table reads it again from its first row as a new snapshot generation: its announcement
 * empties the multiset, as apply's reset marker empties the target table.
 */
class WholeRowCaptureTest {
  static final String TOPIC = "tributary.demo.app.main.usage_log";

  @TempDir Path dir;

  @Test
  @DisplayName(
      "Changes made during the snapshot count once whether their chunk was read before or after"
          + " them, through a restart; equal rows keep their number; every record on partition 0")
  void snapshotAndStreamCountEachChangeOnce() throws Exception {
    Path file = dir.resolve("usage.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE usage_log (agent TEXT, tokens INTEGER, payload BLOB)");
      for (int i = 1; i <= 40; i++) {
        // rows repeat every 4: ten copies each of four rows, one of them all NULL
        st.execute(
            switch (i % 4) {
              case 0 -> "INSERT INTO usage_log VALUES ('a', 10, x'00ff')";
              case 1 -> "INSERT INTO usage_log VALUES ('b', 20, NULL)";
              case 2 -> "INSERT INTO usage_log VALUES (NULL, NULL, NULL)";
              default -> "INSERT INTO usage_log VALUES ('c', 1.5, 'text')";
            });
      }
    }
    TableDef table =
        SqliteCatalogReader.read(file, "demo", "app", "app")
            .get(0)
            .withIdentity(RowIdentity.WHOLE_ROW, List.of(), null);
    Map<String, String> config =
        Map.of(
            SqliteConnectorConfig.TABLES,
            ChangeEventCodec.MAPPER.writeValueAsString(List.of(table)),
            SqliteConnectorConfig.SNAPSHOT_FETCH_SIZE,
            "8",
            // each row its own chunk: a poll reads 8 rows, Kafka's acknowledgement of each is its
            // checkpoint
            SqliteConnectorConfig.SNAPSHOT_CHUNK_BYTES,
            "1",
            SqliteConnectorConfig.SNAPSHOT_READ_AHEAD,
            "false");
    List<SourceRecord> records = new ArrayList<>();

    TaskHarness first = new TaskHarness(file, config, null);
    records.addAll(first.pollOnce()); // the snapshot's start, rowids 1..8
    SqliteStreamingTest.write(
        file,
        // into the chunk read: streaming must deliver these
        "UPDATE usage_log SET tokens = 11 WHERE rowid = 4",
        "DELETE FROM usage_log WHERE rowid = 5",
        // into chunks not read yet: the snapshot holds these, streaming must skip them
        "UPDATE usage_log SET agent = 'b2' WHERE rowid = 21",
        "DELETE FROM usage_log WHERE rowid = 30",
        "INSERT INTO usage_log VALUES ('a', 10, x'00ff')",
        "INSERT INTO usage_log VALUES (NULL, NULL, NULL)",
        // an update that changes nothing logs nothing
        "UPDATE usage_log SET tokens = tokens WHERE rowid = 6");
    records.addAll(first.pollOnce()); // rowids 9..16
    assertThat(TaskHarness.offsetOf(records.get(records.size() - 1)).get("snapshot_rows"))
        .isEqualTo(16L);
    SqliteStreamingTest.write(
        file,
        "DELETE FROM usage_log WHERE rowid = 12",
        "UPDATE usage_log SET tokens = 99 WHERE rowid = 35",
        // in the chunk just read, after the row the restart below resumes from: read again
        "UPDATE usage_log SET tokens = 77 WHERE rowid = 14");
    first.stop();

    // Kafka took the records up to rowid 12 only: the restart resumes inside the chunk, after
    // rowid 12, keeping the chunks' marks (the last one cut at rowid 12)
    int upTo = 0;
    while (!Long.valueOf(12).equals(TaskHarness.offsetOf(records.get(upTo)).get("snapshot_rows"))) {
      upTo++;
    }
    records.subList(upTo + 1, records.size()).clear();
    Map<String, Object> stored = TaskHarness.offsetOf(records.get(records.size() - 1));
    TaskHarness second = new TaskHarness(file, config, stored);
    records.addAll(second.drain());
    SqliteStreamingTest.write(
        file,
        "INSERT INTO usage_log VALUES ('b', 20, NULL)",
        "DELETE FROM usage_log WHERE rowid = (SELECT min(rowid) FROM usage_log WHERE agent IS NULL)",
        "UPDATE usage_log SET payload = x'01' WHERE rowid = (SELECT max(rowid) FROM usage_log"
            + " WHERE agent = 'a')");
    records.addAll(second.drain());
    second.stop();

    List<SourceRecord> rows = records.stream().filter(WholeRowCaptureTest::ofTable).toList();
    assertThat(rows)
        .filteredOn(r -> r.topic().equals(TOPIC))
        .allSatisfy(r -> assertThat(r.kafkaPartition()).isZero());
    List<SourceRecord> afterReset = afterLastReset(records);
    assertThat(afterReset.size())
        .as("the restart read the table again from its first row")
        .isLessThan(records.size());
    rows = afterReset.stream().filter(WholeRowCaptureTest::ofTable).toList();
    assertThat(multiset(table, rows))
        .isEqualTo(sourceRows(file, table))
        .hasSize(40 - 2 + 2 - 1 + 1 - 1);
    assertThat(rows)
        .filteredOn(r -> r.topic().equals(TOPIC) && TaskHarness.decode(r).op() == Op.DELETE)
        .extracting(r -> r.key().toString())
        .as("deletes carry the old row whole")
        .allSatisfy(key -> assertThat(key).isNotEmpty());
    assertThat(multiset(table, rows))
        .filteredOn(r -> r.contains("77"))
        .as("the row updated in a chunk read again after the restart, once")
        .hasSize(1);
  }

  /**
   * The records after the last announcement that the table is read again (its snapshot restarted as
   * a new generation, which empties the target table); all of them when there is none.
   */
  private static List<SourceRecord> afterLastReset(List<SourceRecord> records) {
    int from = 0;
    for (int i = 0; i < records.size(); i++) {
      SourceRecord r = records.get(i);
      if (r.topic().equals("tributary.capture")
          && resets(CaptureProgress.parse((byte[]) r.value()).event())) {
        from = i + 1;
      }
    }
    return records.subList(from, records.size());
  }

  /** Whether a progress event makes apply empty the table: the snapshot or the table restarts. */
  private static boolean resets(String event) {
    return CaptureProgress.SNAPSHOT_STARTED.equals(event)
        || CaptureProgress.TABLE_RESYNC_STARTED.equals(event);
  }

  /** A record of the table: a change on its topic, or a chunk of its snapshot. */
  private static boolean ofTable(SourceRecord r) {
    return r.topic().equals(TOPIC) || (ChunkRows.isChunk(r) && TOPIC.equals(r.key()));
  }

  /**
   * The rows as apply builds them: a chunk's row or a create adds a copy, a delete removes one
   * (printed as {@link ChunkRows#printed}).
   */
  private static List<String> multiset(TableDef table, List<SourceRecord> records) {
    List<String> rows = new ArrayList<>();
    for (SourceRecord r : records) {
      if (ChunkRows.isChunk(r)) {
        ChunkRows.rows(r, table).forEach(row -> rows.add(ChunkRows.printed(table, row.values())));
        ChunkRows.chunk(r).rejects().forEach(reject -> rows.add("rejected " + reject.key()));
        continue;
      }
      ChangeEvent event = TaskHarness.decode(r);
      if (event.op() == Op.DELETE) {
        String old = ChunkRows.printed(table, RowDecoder.row(table, event.before()));
        assertThat(rows.remove(old)).as("the deleted row %s is there", old).isTrue();
      } else {
        assertThat(event.op()).isEqualTo(Op.CREATE);
        rows.add(ChunkRows.printed(table, RowDecoder.row(table, event.after())));
      }
    }
    return rows.stream().sorted().toList();
  }

  private static List<String> sourceRows(Path file, TableDef table) throws Exception {
    List<String> rows = new ArrayList<>();
    List<ColumnDef> columns = table.columns();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        ResultSet rs =
            c.createStatement().executeQuery("SELECT agent, tokens, payload FROM usage_log")) {
      while (rs.next()) {
        Object[] raw = new Object[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
          raw[i] = rs.getObject(i + 1);
        }
        try {
          rows.add(ChunkRows.printed(table, RowDecoder.fromSource(table, raw)));
        } catch (ValueCastException e) {
          // a row apply cannot write travels as its chunk's reject, keyed by its values
          ObjectNode key = ChangeEventCodec.MAPPER.createObjectNode();
          for (int i = 0; i < columns.size(); i++) {
            key.set(columns.get(i).name(), ValueCodec.toJson(raw[i], columns.get(i).targetType()));
          }
          rows.add("rejected " + ChangeEventCodec.encodeKey(key));
        }
      }
    }
    return rows.stream().sorted().toList();
  }
}
