package io.tributary.source.sqlite.capture;

import com.fasterxml.jackson.core.type.TypeReference;
import io.tributary.common.event.ChangeEventCodec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which changes the snapshot of a table identified by its whole rows already holds. Such a table is
 * a multiset: a change streamed after the snapshot that the snapshot already saw would count twice
 * (a keyed table's upsert absorbs it). Its snapshot is read in rowid order, each chunk together
 * with the change-log position it was read at; a chunk covering rowids up to {@code r} read at
 * position {@code p} holds every change logged up to {@code p} to a row in its range. So a streamed
 * change of rowid {@code r} logged at {@code s} is already in the snapshot exactly when the chunk
 * whose range holds {@code r} was read at a position {@code >= s}.
 *
 * <p>Immutable; kept in the source offset ({@link SnapshotOffset}) from the first chunk until
 * streaming has passed the last chunk's position, so a restart keeps skipping the same changes.
 *
 * @param tables per table, its chunks in rowid order: {@code [highest rowid of the chunk (the last
 *     chunk: Long.MAX_VALUE), position it was read at]}
 */
record ChunkMarks(Map<String, List<long[]>> tables) {
  static final ChunkMarks NONE = new ChunkMarks(Map.of());

  ChunkMarks {
    Map<String, List<long[]>> copy = new LinkedHashMap<>();
    tables.forEach((t, marks) -> copy.put(t, List.copyOf(marks)));
    tables = Collections.unmodifiableMap(copy);
  }

  /**
   * These marks and one more chunk of a table.
   *
   * @param upToRowid the chunk's highest rowid; {@code Long.MAX_VALUE} for the table's last chunk
   * @param position the change-log position it was read at
   */
  ChunkMarks withChunk(String table, long upToRowid, long position) {
    Map<String, List<long[]>> next = new LinkedHashMap<>(tables);
    List<long[]> marks = new ArrayList<>(tables.getOrDefault(table, List.of()));
    marks.add(new long[] {upToRowid, position});
    next.put(table, marks);
    return new ChunkMarks(next);
  }

  /**
   * These marks as they hold for a snapshot that resumes after {@code rowid}: the rows after it are
   * read again, later, so the mark of the chunk that held {@code rowid} covers rowids up to it only
   * (a restart can resume inside a chunk: offsets are committed up to the last record Kafka took).
   */
  ChunkMarks resumedAfter(String table, long rowid) {
    List<long[]> marks = tables.get(table);
    if (marks == null) {
      return this;
    }
    List<long[]> kept = new ArrayList<>();
    for (long[] mark : marks) {
      if (mark[0] <= rowid) {
        kept.add(mark);
      } else {
        kept.add(new long[] {rowid, mark[1]});
        break;
      }
    }
    Map<String, List<long[]>> next = new LinkedHashMap<>(tables);
    next.put(table, kept);
    return new ChunkMarks(next);
  }

  /** These marks without a table's (its snapshot starts over). */
  ChunkMarks without(String table) {
    if (!tables.containsKey(table)) {
      return this;
    }
    Map<String, List<long[]>> next = new LinkedHashMap<>(tables);
    next.remove(table);
    return new ChunkMarks(next);
  }

  /** Whether the snapshot already holds a change of the row {@code rowid} logged at {@code seq}. */
  boolean covers(String table, long rowid, long seq) {
    for (long[] mark : tables.getOrDefault(table, List.of())) {
      if (rowid <= mark[0]) {
        return mark[1] >= seq;
      }
    }
    return false;
  }

  /**
   * These marks without the tables whose every chunk was read at or before {@code position}: no
   * change logged after it can be in their snapshot.
   */
  ChunkMarks passed(long position) {
    Map<String, List<long[]>> next = new LinkedHashMap<>();
    tables.forEach(
        (t, marks) -> {
          if (marks.stream().anyMatch(m -> m[1] > position)) {
            next.put(t, marks);
          }
        });
    return next.size() == tables.size() ? this : new ChunkMarks(next);
  }

  boolean isEmpty() {
    return tables.isEmpty();
  }

  String toJson() {
    try {
      return ChangeEventCodec.MAPPER.writeValueAsString(tables);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static ChunkMarks fromJson(String json) {
    if (json == null || json.isBlank()) {
      return NONE;
    }
    try {
      return new ChunkMarks(
          ChangeEventCodec.MAPPER.readValue(
              json, new TypeReference<Map<String, List<long[]>>>() {}));
    } catch (IOException e) {
      throw new IllegalStateException("Failed to read the stored snapshot chunk marks " + json, e);
    }
  }
}
