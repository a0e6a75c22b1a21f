package io.tributary.source.sqlite.capture;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.event.ChangeEvent;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.event.EnvelopeWriter;
import io.tributary.common.event.Op;
import io.tributary.common.event.SnapshotChunk;
import io.tributary.common.event.SourceInfo;
import io.tributary.common.event.SourcePosition;
import io.tributary.common.event.Topics;
import io.tributary.common.value.Utf8Text;
import io.tributary.common.value.ValueCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Turns rows read from SQLite into Kafka Connect records carrying the change-event envelope: the
 * key is the row's key as JSON ({@code {"id":1}}), built the same way for snapshot reads and for
 * streamed changes (deletes included), so every event of a row lands on the same key; a table
 * identified by its whole rows is keyed by all its values, on partition 0. Values are the
 * envelope's UTF-8 JSON bytes ({@link Schema#BYTES_SCHEMA}, for Kafka Connect's {@code
 * ByteArrayConverter}), published as they are.
 */
final class SqliteRecordBuilder {
  private final SqliteConnectorConfig config;

  /** One printer per thread: the snapshot's read-ahead and the change-log poll both print. */
  private static final ThreadLocal<EnvelopeWriter> WRITERS =
      ThreadLocal.withInitial(EnvelopeWriter::new);

  private final Map<String, String> partition;
  private final String connector;
  private final long generation;

  /**
   * Each table's key columns and their places in a row, worked out once: a snapshot asks for them
   * for every row. By identity: a task's tables never change.
   */
  private final Map<TableDef, KeyLayout> keyLayouts =
      Collections.synchronizedMap(new IdentityHashMap<>());

  private record KeyLayout(List<ColumnDef> columns, int[] places) {
    static KeyLayout of(TableDef table) {
      List<ColumnDef> key = table.identityColumns();
      int[] places = new int[key.size()];
      for (int i = 0; i < places.length; i++) {
        places[i] = table.columns().indexOf(key.get(i));
      }
      return new KeyLayout(key, places);
    }
  }

  /**
   * @param connector the envelope's {@code source.connector}: {@code sqlite}, {@code chroma}
   * @param generation the generation of the changes' {@link SourcePosition}s: when the capture's
   *     registration in the file was made (a change log made anew numbers from 1 again)
   */
  SqliteRecordBuilder(
      SqliteConnectorConfig config,
      Map<String, String> partition,
      String connector,
      long generation) {
    this.config = config;
    this.partition = partition;
    this.connector = connector;
    this.generation = generation;
  }

  private KeyLayout keyLayout(TableDef table) {
    return keyLayouts.computeIfAbsent(table, KeyLayout::of);
  }

  /** The key values of a row (catalog column order in, key order out). */
  List<Object> keyValues(TableDef table, Object[] row) {
    int[] places = keyLayout(table).places();
    List<Object> values = new ArrayList<>(places.length);
    for (int place : places) {
      values.add(row[place]);
    }
    return values;
  }

  /** A row's key as its change records carry it (JSON), from its {@link #keyValues}. */
  String keyJson(TableDef table, List<Object> key) {
    return WRITERS.get().writeKey(keyLayout(table).columns(), readable(key));
  }

  /**
   * A row read by the snapshot as its change event would print it (the envelope of a read, {@code
   * op} {@code r}): what a reject of it keeps.
   */
  String snapshotEnvelope(TableDef table, Object[] row, long logPosition, long now) {
    SourceInfo source = source(table, "true", logPosition, now);
    return new String(
        WRITERS.get().write(Op.READ, table.columns(), readable(row), source, now),
        StandardCharsets.UTF_8);
  }

  /**
   * A chunk of a table's snapshot, on the source's snapshot topic, keyed by the table's topic (its
   * chunks and end marker share a partition), with the chunk's headers; {@code offset} is where the
   * snapshot stands once Kafka has it.
   */
  SourceRecord chunk(SnapshotChunk chunk, CaptureOffset offset) {
    SourceRecord record =
        new SourceRecord(
            partition,
            offset.toMap(),
            Topics.snapshotTopic(config.migration(), config.source()),
            null,
            Schema.STRING_SCHEMA,
            chunk.table(),
            Schema.BYTES_SCHEMA,
            chunk.copy());
    chunk.headers().forEach((name, value) -> record.headers().addString(name, value));
    return record;
  }

  /** A read, insert or update printed straight from the row's values (no JSON tree). */
  private SourceRecord row(
      TableDef table,
      Op op,
      Object[] row,
      List<Object> key,
      SourceInfo source,
      CaptureOffset offset,
      long now) {
    String invalid = invalidText(table, row);
    EnvelopeWriter writer = WRITERS.get();
    String keyJson = writer.writeKey(keyLayout(table).columns(), readable(key));
    byte[] value =
        writer.write(op, table.columns(), invalid == null ? row : readable(row), source, now);
    return record(table, keyJson, value, offset, invalid);
  }

  /**
   * The values with text that is not UTF-8 as SQLite's own reading of it (as it is published), and
   * text a snapshot kept as its bytes ({@link Utf8Text}) as the String it is.
   */
  private static Object[] readable(Object[] row) {
    Object[] copy = row.clone();
    for (int i = 0; i < copy.length; i++) {
      if (copy[i] instanceof SqliteValues.InvalidText text) {
        copy[i] = text.read();
      } else if (copy[i] instanceof Utf8Text text) {
        copy[i] = text.toString();
      }
    }
    return copy;
  }

  private static List<Object> readable(List<Object> key) {
    for (Object value : key) {
      if (value instanceof SqliteValues.InvalidText) {
        return Arrays.asList(readable(key.toArray()));
      }
    }
    return key;
  }

  /**
   * A streamed change: {@code c}/{@code u} with the current row, or {@code d} with the key; with
   * its {@link SourcePosition} (the registration's generation and the change log's sequence).
   */
  SourceRecord change(ChangeLogReader.RowChange change, CaptureOffset offset, long now) {
    SourceRecord record = changeRecord(change, offset, now);
    record
        .headers()
        .addString(
            Topics.POSITION_HEADER, new SourcePosition(generation, change.seq(), 0, 0).toString());
    return record;
  }

  private SourceRecord changeRecord(
      ChangeLogReader.RowChange change, CaptureOffset offset, long now) {
    TableDef table = change.table();
    SourceInfo source = source(table, "false", change.seq(), change.tsMs());
    return switch (change.op()) {
      case DELETE -> {
        ObjectNode key = keyNode(table, readable(change.key()));
        byte[] value = ChangeEventCodec.encode(ChangeEvent.delete(key.deepCopy(), source, now));
        yield record(table, ChangeEventCodec.encodeKey(key), value, offset, null);
      }
      case CREATE -> row(table, Op.CREATE, change.row(), change.key(), source, offset, now);
      default -> row(table, Op.UPDATE, change.row(), change.key(), source, offset, now);
    };
  }

  /**
   * Why a row cannot be written as SQLite holds it ({@link SqliteValues.InvalidText}: text that is
   * not UTF-8), naming each such column and its bytes, or null. Its change is published with that
   * reason in {@link Topics#REJECT_HEADER}, and apply keeps it among the rejects.
   */
  static String invalidText(TableDef table, Object[] row) {
    if (row == null) {
      return null;
    }
    List<String> problems = new ArrayList<>();
    List<ColumnDef> columns = table.columns();
    for (int i = 0; i < columns.size() && i < row.length; i++) {
      if (row[i] instanceof SqliteValues.InvalidText text) {
        problems.add(
            "column '"
                + columns.get(i).name()
                + "' holds text that is not valid UTF-8 (bytes "
                + text.hex()
                + ")");
      }
    }
    return problems.isEmpty() ? null : String.join("; ", problems);
  }

  /** The progress event saying the snapshot starts from its beginning. */
  SourceRecord snapshotStarted(CaptureOffset offset) {
    ObjectNode key = sourceKey();
    ObjectNode value = key.deepCopy().put("event", CaptureProgress.SNAPSHOT_STARTED);
    return progress(key, value, offset);
  }

  /**
   * The progress event saying a table is read again from its first row on an operator's request:
   * what the target holds of it is to be replaced.
   */
  SourceRecord tableResyncStarted(TableDef table, CaptureOffset offset) {
    ObjectNode key = sourceKey().put("table", table.sourceTable());
    ObjectNode value =
        key.deepCopy()
            .put("event", CaptureProgress.TABLE_RESYNC_STARTED)
            .put("topic", table.topic());
    return progress(key, value, offset);
  }

  /**
   * The progress event saying a table's snapshot is complete: every row read ({@code rows}, the
   * rejected ones included) is in one of its {@code chunks}; {@code rejects} of them could not be
   * cast. The capture host publishes the table's end marker with it.
   */
  SourceRecord snapshotComplete(
      TableDef table, long rows, long chunks, long rejects, CaptureOffset offset) {
    ObjectNode key = sourceKey().put("table", table.sourceTable());
    ObjectNode value =
        key.deepCopy()
            .put("event", CaptureProgress.SNAPSHOT_COMPLETE)
            .put("rows", rows)
            .put("chunks", chunks)
            .put("rejects", rejects);
    return progress(key, value, offset);
  }

  /** The progress event of a fence read from the change log (its JSON as logged). */
  SourceRecord fence(String logged, CaptureOffset offset) {
    ObjectNode value;
    try {
      value = (ObjectNode) ChangeEventCodec.MAPPER.readTree(logged);
    } catch (IOException | ClassCastException e) {
      value = ChangeEventCodec.MAPPER.createObjectNode().put("malformed", logged);
    }
    value.put("event", CaptureProgress.FENCE);
    SourceRecord record = progress(sourceKey(), value, offset);
    // the fence's own position, as its changes carry theirs: its markers carry it on
    record
        .headers()
        .addString(
            Topics.POSITION_HEADER,
            new SourcePosition(generation, offset.logPosition(), 0, 0).toString());
    return record;
  }

  private ObjectNode sourceKey() {
    return ChangeEventCodec.MAPPER
        .createObjectNode()
        .put("migration", config.migration())
        .put("source", config.source());
  }

  /** A record on the progress topic; {@code value} gets its {@code ts_ms}. */
  private SourceRecord progress(ObjectNode key, ObjectNode value, CaptureOffset offset) {
    value.put("ts_ms", System.currentTimeMillis());
    return new SourceRecord(
        partition,
        offset.toMap(),
        config.progressTopic(),
        null,
        Schema.STRING_SCHEMA,
        key.toString(),
        Schema.BYTES_SCHEMA,
        utf8(value.toString()));
  }

  /**
   * A change event's record. Those of a table identified by its whole rows all go to partition 0,
   * in the change log's order (their keys, the rows, would spread them out).
   */
  private SourceRecord record(
      TableDef table, String key, byte[] value, CaptureOffset offset, String reject) {
    SourceRecord record =
        new SourceRecord(
            partition,
            offset.toMap(),
            table.topic(),
            table.wholeRow() ? 0 : null,
            Schema.STRING_SCHEMA,
            key,
            Schema.BYTES_SCHEMA,
            value);
    if (reject != null) {
      record.headers().addString(Topics.REJECT_HEADER, reject);
    }
    return record;
  }

  private SourceInfo source(TableDef table, String snapshot, long pos, long tsMs) {
    return new SourceInfo(
        connector,
        config.migration() + "." + config.source(),
        config.path(),
        "main",
        table.sourceTable(),
        snapshot,
        pos,
        tsMs);
  }

  private ObjectNode keyNode(TableDef table, List<Object> values) {
    ObjectNode node = ChangeEventCodec.MAPPER.createObjectNode();
    List<ColumnDef> key = keyLayout(table).columns();
    for (int i = 0; i < key.size(); i++) {
      node.set(key.get(i).name(), ValueCodec.toJson(values.get(i), key.get(i).targetType()));
    }
    return node;
  }

  private static byte[] utf8(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }
}
