package io.tributary.source.sqlite.capture;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.event.SnapshotChunk;
import io.tributary.source.spi.capture.ChunkWriter;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * The chunks one snapshot poll makes of a table's rows: each row read is cast and encoded into a
 * {@link ChunkWriter} (a row that cannot be cast, or whose text is not UTF-8, becomes a reject of
 * its chunk), and each chunk closed becomes a record whose offset is the one reached after its last
 * row, so that Kafka's acknowledgement of a chunk is its checkpoint: a capture restarted resumes at
 * the next chunk. The chunks' numbers and rejects are counted across polls in the offset.
 *
 * <p>Where the snapshot stands after a row (its resume key, encoded by {@link TypedKeyCodec}) is
 * worked out only where it is used: for the record of a chunk that closes after it, and when the
 * poll's reader asks ({@link #offset}, once a read), not for every row.
 */
final class PolledChunks {
  /** A poll ends once its chunk holds this share of the chunk size. */
  private static final double FULL = 0.9;

  private final TableDef table;
  private final SqliteRecordBuilder records;
  private final List<SourceRecord> out;
  private final ChunkWriter writer;
  private final int width;

  /** What the next row's position is built on. */
  private CaptureOffset base;

  /** Where the snapshot stands after the last row added (before it: the poll's first offset). */
  private Position before;

  /** Whether a row was added since {@link #base} was set. */
  private boolean rowsOnBase;

  private long rejects;
  private boolean started;
  private boolean closedAny;
  private long logPosition;

  /**
   * @param offset where the snapshot stands before the poll's first row
   * @param out where the chunks' records go, in order
   */
  PolledChunks(
      SqliteConnectorConfig config,
      TableDef table,
      SqliteRecordBuilder records,
      CaptureOffset offset,
      List<SourceRecord> out) {
    this.table = table;
    this.records = records;
    this.out = out;
    this.width = table.columns().size();
    SnapshotOffset snapshot = offset.snapshot();
    boolean resumed = table.sourceTable().equals(snapshot.table());
    this.rejects = resumed ? snapshot.rejects() : 0;
    // the host stamps the source's generation on each chunk's record
    this.writer =
        new ChunkWriter(
            table,
            0,
            resumed ? snapshot.chunks() : 0,
            ChunkWriter.carriesKeys(table),
            config.snapshotChunkBytes(),
            config.snapshotMaxRowBytes());
    this.base = offset;
    this.before = new Position(offset, null, 0);
  }

  /**
   * Where the snapshot stands after a row: {@code base} with the row's resume key and count, the
   * key encoded only when asked for, once.
   */
  private final class Position {
    private CaptureOffset base;
    private List<Object> resumeAt;
    private final long rows;

    /**
     * @param resumeAt the values the snapshot resumes after (null: {@code base} itself)
     * @param rows the rows of the table read up to that row
     */
    Position(CaptureOffset base, List<Object> resumeAt, long rows) {
      this.base = base;
      this.resumeAt = resumeAt;
      this.rows = rows;
    }

    CaptureOffset offset() {
      if (resumeAt != null) {
        base =
            base.withSnapshot(
                base.snapshot().atRow(table.sourceTable(), TypedKeyCodec.encode(resumeAt), rows));
        resumeAt = null;
      }
      return base;
    }
  }

  /**
   * Where the snapshot stands now: after the last row added (its resume key encoded), or where it
   * was moved to since ({@link #moveTo}). The rows added next are built on it.
   */
  CaptureOffset offset() {
    base = rowsOnBase ? before.offset() : base;
    rowsOnBase = false;
    return base;
  }

  /**
   * The rows added next stand on {@code offset} (a table identified by its whole rows: the chunk
   * marks of a read); a chunk that closes before the next row still carries where the last row left
   * the snapshot.
   */
  void moveTo(CaptureOffset offset) {
    base = offset;
    rowsOnBase = false;
  }

  /** A read of the source at change-log position {@code logPosition} starts. */
  void read(long logPosition) {
    this.logPosition = logPosition;
    if (!started) {
      writer.read(Long.toString(logPosition));
      started = true;
    }
  }

  /**
   * Adds a row read: the snapshot then stands after it, at {@code resumeAt} with {@code rows} rows
   * of the table read.
   *
   * @param row the row's values (a table identified by its whole rows has its rowid after them)
   * @param key the row's key values
   * @param resumeAt the values the snapshot resumes after once the row is delivered (its key, or
   *     the rowid of a table identified by its whole rows)
   * @param rows the rows of the table read, this one included
   */
  void add(Object[] row, List<Object> key, List<Object> resumeAt, long rows, long now) {
    Object[] values = row.length == width ? row : Arrays.copyOf(row, width);
    String keyJson = records.keyJson(table, key);
    String invalid = SqliteRecordBuilder.invalidText(table, values);
    if (invalid != null) {
      writer.reject(keyJson, () -> envelope(values, now), invalid);
    } else {
      writer.add(values, keyJson, () -> envelope(values, now));
    }
    List<SnapshotChunk> closed = writer.closed();
    if (!closed.isEmpty()) {
      // a chunk closed while the row was added ends at the row before it
      base = sent(closed, before.offset(), base);
    }
    before = new Position(base, resumeAt, rows);
    rowsOnBase = true;
  }

  /** Whether the poll has what it reads for: a chunk closed, or the open one nearly full. */
  boolean full() {
    return closedAny
        || (writer.pendingRows() > 0 && writer.pendingBytes() >= writer.targetBytes() * FULL);
  }

  /** Whether a row or a reject waits in the open chunk. */
  boolean holdsRows() {
    return started;
  }

  /**
   * How many rows the next read should take to fill the open chunk, by the size of the rows so far,
   * at most {@code limit}.
   */
  int rowsToFill(int limit) {
    int rows = writer.pendingRows();
    if (rows == 0) {
      return limit;
    }
    long perRow = Math.max(1, writer.pendingBytes() / rows);
    // one row short of the chunk's size: a row that overflows it would open a chunk of its own,
    // which the end of the poll closes with that one row
    long wanted = (writer.targetBytes() - writer.pendingBytes()) / perRow - 1;
    return (int) Math.max(1, Math.min(limit, wanted));
  }

  /**
   * Closes the open chunk: its record carries where the snapshot stands after the poll's last row
   * ({@link #offset}).
   *
   * @return that offset with the chunks sent counted
   */
  CaptureOffset finish() {
    CaptureOffset after = offset();
    if (!started) {
      return after;
    }
    moveTo(sent(writer.finish(), after, after));
    before = new Position(base, null, 0);
    return base;
  }

  /** The chunks of the table's snapshot sent so far, in its generation (the last one's number). */
  long chunks() {
    return writer.lastNumber();
  }

  /** The rows of the table's snapshot rejected so far, in its generation. */
  long rejects() {
    return rejects;
  }

  /**
   * Adds the records of {@code chunks} (each with {@code at}, counted) and returns {@code after}
   * with them counted.
   */
  private CaptureOffset sent(List<SnapshotChunk> chunks, CaptureOffset at, CaptureOffset after) {
    if (chunks.isEmpty()) {
      return after;
    }
    for (SnapshotChunk chunk : chunks) {
      rejects += chunk.rejects().size();
      closedAny = true;
      out.add(records.chunk(chunk, counted(at, chunk.number())));
    }
    return counted(after, writer.lastNumber());
  }

  private CaptureOffset counted(CaptureOffset offset, long chunk) {
    return offset.withSnapshot(offset.snapshot().counted(chunk, rejects));
  }

  /** The row as its change event would print it: what its reject keeps. */
  private String envelope(Object[] values, long now) {
    return records.snapshotEnvelope(table, values, logPosition, now);
  }
}
