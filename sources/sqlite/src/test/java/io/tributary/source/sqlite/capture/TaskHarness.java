package io.tributary.source.sqlite.capture;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.event.ChangeEvent;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.event.Op;
import io.tributary.common.event.Topics;
import io.tributary.common.value.RowDecoder;
import io.tributary.common.value.ValueCastException;
import io.tributary.common.value.ValueCodec;
import io.tributary.source.sqlite.catalog.SqliteCatalogReader;
import io.tributary.source.sqlite.connect.SqliteConnections;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Runs a {@link SqliteSourceTask} as the engine would (poll, then acknowledge each record), and
 * keeps a replica of the captured tables built from the records the way apply does: last write wins
 * per key, a delete removes the key.
 */
public final class TaskHarness {
  final Path file;
  final SqliteSourceTask task = new SqliteSourceTask();

  /** topic -> key JSON -> row JSON */
  final Map<String, Map<String, String>> replica = new TreeMap<>();

  public final List<SourceRecord> delivered = new ArrayList<>();
  boolean acknowledge = true;

  /** The captured tables by topic. */
  private final Map<String, TableDef> tables = new HashMap<>();

  public TaskHarness(Path file, Map<String, String> overrides, Map<String, Object> storedOffset) {
    this.file = file;
    Map<String, String> config = new HashMap<>(config(file));
    config.putAll(overrides);
    tables(file, config).forEach(t -> tables.put(t.topic(), t));
    task.initialize(new FakeTaskContext(storedOffset));
    task.start(config);
  }

  /** The tables a task captures: the catalog given, else the file's own. */
  static List<TableDef> tables(Path file, Map<String, String> config) {
    String catalog = config.get(SqliteConnectorConfig.TABLES);
    if (catalog == null || catalog.isBlank()) {
      return SqliteCatalogReader.read(
          file,
          config.get(SqliteConnectorConfig.MIGRATION),
          config.get(SqliteConnectorConfig.SOURCE),
          config.get(SqliteConnectorConfig.TARGET_SCHEMA));
    }
    try {
      return List.of(ChangeEventCodec.MAPPER.readValue(catalog, TableDef[].class));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<String, String> config(Path file) {
    return Map.of(
        SqliteConnectorConfig.PATH, file.toString(),
        SqliteConnectorConfig.MIGRATION, "demo",
        SqliteConnectorConfig.SOURCE, "app",
        SqliteConnectorConfig.TARGET_SCHEMA, "app",
        SqliteConnectorConfig.POLL_INTERVAL_MS, "1",
        SqliteConnectorConfig.TRIM_INTERVAL_MS, "0");
  }

  /** One poll; its records are applied and (unless turned off) acknowledged. */
  public List<SourceRecord> pollOnce() throws InterruptedException {
    List<SourceRecord> records = task.poll();
    if (records == null) {
      return null;
    }
    for (SourceRecord r : records) {
      apply(r);
      delivered.add(r);
      if (acknowledge) {
        task.commitRecord(r, null);
      }
    }
    return records;
  }

  /** Polls until a poll returns nothing (snapshot done and the log read to its end). */
  public List<SourceRecord> drain() throws InterruptedException {
    List<SourceRecord> all = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      List<SourceRecord> records = pollOnce();
      if (records == null) {
        return all;
      }
      all.addAll(records);
    }
    throw new IllegalStateException("the task never ran dry");
  }

  public void stop() {
    task.stop();
  }

  /**
   * As apply does: a snapshot started from its beginning empties the replica first; a chunk's rows
   * are put by their keys; a change puts or removes its row. Rows are kept in their printed target
   * form ({@link ChunkRows#printed}); a table identified by its whole rows is keyed by that form.
   */
  private void apply(SourceRecord r) {
    if (r.topic().equals("tributary.capture")) {
      if (CaptureProgress.SNAPSHOT_STARTED.equals(
          CaptureProgress.parse((byte[]) r.value()).event())) {
        replica.clear();
      }
      return;
    }
    if (Topics.isSnapshotTopic(r.topic())) {
      if (!ChunkRows.isChunk(r)) {
        return;
      }
      String topic = (String) r.key();
      TableDef table = tables.get(topic);
      Map<String, String> rows = replica.computeIfAbsent(topic, t -> new TreeMap<>());
      for (ChunkRows.Row row : ChunkRows.rows(r, table)) {
        String printed = ChunkRows.printed(table, row.values());
        rows.put(table.wholeRow() ? printed : row.key(), printed);
      }
      return;
    }
    TableDef table = tables.get(r.topic());
    ChangeEvent event = decode(r);
    Map<String, String> rows = replica.computeIfAbsent(r.topic(), t -> new TreeMap<>());
    if (event.op() == Op.DELETE) {
      rows.remove(
          table.wholeRow()
              ? ChunkRows.printed(table, RowDecoder.row(table, event.before()))
              : (String) r.key());
    } else {
      String printed = ChunkRows.printed(table, RowDecoder.row(table, event.after()));
      rows.put(table.wholeRow() ? printed : (String) r.key(), printed);
    }
  }

  /** The rows of {@code topic}'s table in the chunks among {@code records}, in order. */
  List<ChunkRows.Row> snapshotRows(List<SourceRecord> records, String topic) {
    List<ChunkRows.Row> rows = new ArrayList<>();
    for (SourceRecord r : records) {
      if (ChunkRows.isChunk(r) && topic.equals(r.key())) {
        rows.addAll(ChunkRows.rows(r, tables.get(topic)));
      }
    }
    return rows;
  }

  static ChangeEvent decode(SourceRecord r) {
    return ChangeEventCodec.decode((byte[]) r.value());
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> offsetOf(SourceRecord r) {
    return (Map<String, Object>) r.sourceOffset();
  }

  /** The source tables as the replica should hold them: topic -> key JSON -> row JSON. */
  static Map<String, Map<String, String>> source(Path file) throws Exception {
    return source(file, SqliteCatalogReader.read(file, "demo", "app", "app"));
  }

  /** The tables {@code tables} of the source as the replica should hold them. */
  static Map<String, Map<String, String>> source(Path file, Collection<TableDef> tables)
      throws Exception {
    Map<String, Map<String, String>> out = new TreeMap<>();
    try (Connection c = SqliteConnections.openReadOnly(file)) {
      for (TableDef table : tables) {
        Map<String, String> rows = new TreeMap<>();
        String sql =
            SqliteRowLookupQueryBuilder.byKey(table)
                .substring(0, SqliteRowLookupQueryBuilder.byKey(table).indexOf(" WHERE "));
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
          while (rs.next()) {
            ObjectNode key = ChangeEventCodec.MAPPER.createObjectNode();
            List<ColumnDef> columns = table.columns();
            Object[] raw = new Object[columns.size()];
            for (int i = 0; i < columns.size(); i++) {
              raw[i] = rs.getObject(i + 1);
            }
            for (ColumnDef k : table.keyColumns()) {
              int at = columns.indexOf(k);
              key.set(k.name(), ValueCodec.toJson(raw[at], k.targetType()));
            }
            String printed;
            try {
              printed = ChunkRows.printed(table, RowDecoder.fromSource(table, raw));
            } catch (ValueCastException e) {
              continue; // apply would reject it: not in the replica either
            }
            rows.put(table.wholeRow() ? printed : ChangeEventCodec.encodeKey(key), printed);
          }
        }
        if (!rows.isEmpty()) {
          out.put(table.topic(), rows);
        }
      }
    }
    return out;
  }

  /** Differences between the replica and the source tables, one line each; empty when equal. */
  public List<String> differencesFromSource() throws Exception {
    Map<String, Map<String, String>> source = source(file, tables.values());
    List<String> out = new ArrayList<>();
    Set<String> topics = new TreeSet<>(source.keySet());
    topics.addAll(replica.keySet());
    for (String topic : topics) {
      Map<String, String> want = source.getOrDefault(topic, Map.of());
      Map<String, String> have = replica.getOrDefault(topic, Map.of());
      Set<String> keys = new TreeSet<>(want.keySet());
      keys.addAll(have.keySet());
      for (String key : keys) {
        String w = want.get(key);
        String h = have.get(key);
        if (w == null) {
          out.add(topic + " " + key + ": not in the source, replica has " + h);
        } else if (h == null) {
          out.add(topic + " " + key + ": missing, source has " + w);
        } else if (!w.equals(h)) {
          out.add(topic + " " + key + ": source " + w + ", replica " + h);
        }
      }
    }
    return out;
  }

  Map<String, Map<String, String>> replicaWithoutEmptyTables() {
    Map<String, Map<String, String>> out = new TreeMap<>();
    replica.forEach(
        (t, rows) -> {
          if (!rows.isEmpty()) {
            out.put(t, rows);
          }
        });
    return out;
  }
}
