package io.tributary.source.sqlite.capture;

import com.fasterxml.jackson.core.type.TypeReference;
import io.tributary.common.event.ChangeEventCodec;
import java.io.IOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Where the SQLite snapshot stands, as stored in the Kafka Connect offset of the source: the tables
 * already complete, the table in progress, the key of its last row delivered and how many rows it
 * has delivered. Immutable; each record carries the offset reached once it is written. Loads
 * tolerantly: a missing or older offset means "start from the beginning".
 *
 * @param completed tables whose snapshot is complete
 * @param table the table in progress, null between tables
 * @param lastKey typed key of the last row of {@code table} delivered, null before its first row
 * @param rows rows of {@code table} read so far (rejected ones included)
 * @param chunks chunks of {@code table} sent so far (the number of the last one)
 * @param rejects rows of {@code table} read so far that could not be cast
 * @param marks the chunks of tables identified by their whole rows and the positions they were read
 *     at, until streaming has passed them
 */
record SnapshotOffset(
    Set<String> completed,
    String table,
    String lastKey,
    long rows,
    long chunks,
    long rejects,
    ChunkMarks marks) {
  static final SnapshotOffset START =
      new SnapshotOffset(Set.of(), null, null, 0, 0, 0, ChunkMarks.NONE);

  /** A snapshot with every one of {@code tables} complete: nothing to read, stream only. */
  static SnapshotOffset completed(Set<String> tables) {
    return new SnapshotOffset(Set.copyOf(tables), null, null, 0, 0, 0, ChunkMarks.NONE);
  }

  private static final String COMPLETED = "snapshot_completed";
  private static final String TABLE = "snapshot_table";
  private static final String LAST_KEY = "snapshot_last_key";
  private static final String ROWS = "snapshot_rows";
  private static final String CHUNKS = "snapshot_chunks";
  private static final String REJECTS = "snapshot_rejects";
  private static final String MARKS = "snapshot_chunk_marks";

  SnapshotOffset {
    completed = Set.copyOf(completed);
  }

  /**
   * The offset map's partition for a migration's source. Its entries must iterate in a fixed order:
   * the offset store finds offsets by the serialized partition, and {@code Map.of} iterates in an
   * order that changes from one JVM run to the next (offsets would be lost on restart).
   */
  static Map<String, String> partition(String migration, String source) {
    Map<String, String> partition = new LinkedHashMap<>();
    partition.put("migration", migration);
    partition.put("source", source);
    return Collections.unmodifiableMap(partition);
  }

  static SnapshotOffset fromMap(Map<String, Object> map) {
    if (map == null || !map.containsKey(COMPLETED)) {
      return START;
    }
    try {
      List<String> done =
          ChangeEventCodec.MAPPER.readValue(
              (String) map.get(COMPLETED), new TypeReference<List<String>>() {});
      return new SnapshotOffset(
          new LinkedHashSet<>(done),
          (String) map.get(TABLE),
          (String) map.get(LAST_KEY),
          count(map.get(ROWS)),
          count(map.get(CHUNKS)),
          count(map.get(REJECTS)),
          ChunkMarks.fromJson((String) map.get(MARKS)));
    } catch (IOException | ClassCastException e) {
      throw new IllegalStateException("Failed to read the stored SQLite snapshot offset " + map, e);
    }
  }

  private static long count(Object stored) {
    return stored instanceof Number n ? n.longValue() : 0;
  }

  Map<String, Object> toMap() {
    Map<String, Object> map = new HashMap<>();
    map.put(COMPLETED, completedJson(completed));
    map.put(TABLE, table);
    map.put(LAST_KEY, lastKey);
    map.put(ROWS, rows);
    if (chunks > 0 || rejects > 0) {
      map.put(CHUNKS, chunks);
      map.put(REJECTS, rejects);
    }
    if (!marks.isEmpty()) {
      map.put(MARKS, marksJson(marks));
    }
    return map;
  }

  /**
   * The JSON of the last value of one field written: every row of a snapshot carries an offset, and
   * within a table they all share one set of completed tables and one set of chunk marks (the same
   * instances), so each is written once.
   */
  private static final class LastJson<T> {
    private volatile Object[] last = {null, null};

    String of(T value, Function<T, String> json) {
      Object[] seen = last;
      if (seen[0] == value) {
        return (String) seen[1];
      }
      String text = json.apply(value);
      last = new Object[] {value, text};
      return text;
    }
  }

  private static final LastJson<Set<String>> COMPLETED_JSON = new LastJson<>();
  private static final LastJson<ChunkMarks> MARKS_JSON = new LastJson<>();

  private static String completedJson(Set<String> completed) {
    return COMPLETED_JSON.of(
        completed,
        c -> {
          try {
            return ChangeEventCodec.MAPPER.writeValueAsString(c);
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  private static String marksJson(ChunkMarks marks) {
    return MARKS_JSON.of(marks, ChunkMarks::toJson);
  }

  SnapshotOffset atRow(String currentTable, String key, long rowsSoFar) {
    return new SnapshotOffset(completed, currentTable, key, rowsSoFar, chunks, rejects, marks);
  }

  /** This snapshot with {@code sent} chunks and {@code rejected} rows of its table so far. */
  SnapshotOffset counted(long sent, long rejected) {
    return new SnapshotOffset(completed, table, lastKey, rows, sent, rejected, marks);
  }

  SnapshotOffset tableCompleted(String done) {
    Set<String> all = new LinkedHashSet<>(completed);
    all.add(done);
    return new SnapshotOffset(all, null, null, 0, 0, 0, marks);
  }

  /**
   * This snapshot with {@code table} to be read again from its first row (an operator's resync): no
   * longer complete, and no longer in progress where it was.
   */
  SnapshotOffset reading(String again) {
    Set<String> all = new LinkedHashSet<>(completed);
    all.remove(again);
    boolean current = again.equals(table);
    return new SnapshotOffset(
        all,
        current ? null : table,
        current ? null : lastKey,
        current ? 0 : rows,
        current ? 0 : chunks,
        current ? 0 : rejects,
        marks.without(again));
  }

  SnapshotOffset withMarks(ChunkMarks next) {
    return next == marks
        ? this
        : new SnapshotOffset(completed, table, lastKey, rows, chunks, rejects, next);
  }
}
