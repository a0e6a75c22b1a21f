package io.tributary.source.spi.capture;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.copy.CopyBinaryEncoder;
import io.tributary.common.copy.CopyBinaryEncoder.Provenance;
import io.tributary.common.event.SnapshotChunk;
import io.tributary.common.value.RowDecoder;
import io.tributary.common.value.ValueCastException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * Cuts the rows a capture reads of one table's snapshot into chunks ({@link SnapshotChunk}): each
 * row cast to the target columns by the casting code apply uses ({@link RowDecoder#fromSource}) and
 * encoded in binary {@code COPY} form, a chunk closed once it holds {@code targetBytes}, so no
 * chunk passes it by more than its last row — and a row that does not fit a record at all ({@code
 * maxRowBytes}) is refused, never sent. A row that cannot be cast becomes one of its chunk's
 * rejects, with the reason apply would have given it; nothing is dropped.
 *
 * <p>Use: {@link #read} at each read of the source (its position), {@link #add} for each row read
 * (or, for a reader that reads rows already in {@code COPY} form, {@link #addEncoded} and {@link
 * #reject}), {@link #finish} after the read: the chunks of that read, in order ({@link #closed}
 * hands out those closed so far). Not thread-safe.
 */
public final class ChunkWriter {
  /** The size a chunk is closed at unless configured otherwise: 4 MiB. */
  public static final int DEFAULT_TARGET_BYTES = 4 << 20;

  /** The bytes a stream ends with ({@link CopyBinaryEncoder#end}). */
  private static final int TRAILER_BYTES = 2;

  /** Room made past a chunk's size for the row that closes it (a larger one grows the buffer). */
  private static final int RESERVED_ROW_BYTES = 64 * 1024;

  /** How much of a rejected row's data a reject keeps. */
  static final int KEPT_DATA_CHARS = 64 * 1024;

  /** How much of a row too large for a chunk a reject keeps: its beginning. */
  static final int OVERSIZED_DATA_CHARS = 2048;

  private final TableDef table;
  private final long generation;
  private final int targetBytes;
  private final int maxRowBytes;
  private final Provenance provenance;
  private final String columns;
  private final CopyBinaryEncoder encoder;
  private final List<SnapshotChunk> done = new ArrayList<>();
  private final List<SnapshotChunk.Reject> rejects = new ArrayList<>();
  private long number;
  private String position;
  private String range;
  private int rows;
  private int place;
  private int rejectBytes;
  private String firstKey;
  private String lastKey;

  /**
   * @param table the table whose rows are chunked
   * @param generation the snapshot generation the chunks belong to
   * @param lastNumber the number of the table's last chunk of this generation already sent (0:
   *     none): the next chunk is numbered after it
   * @param withKeys whether each row carries its key and place after the columns ({@link
   *     Provenance#CHUNK}: a table loaded without its key, built when the snapshot is in)
   * @param targetBytes the size a chunk is closed at
   * @param maxRowBytes the largest row, in {@code COPY} form, a chunk may carry (alone)
   */
  public ChunkWriter(
      TableDef table,
      long generation,
      long lastNumber,
      boolean withKeys,
      int targetBytes,
      int maxRowBytes) {
    if (targetBytes <= 0 || maxRowBytes <= 0) {
      throw new IllegalArgumentException(
          "chunk sizes must be positive, not " + targetBytes + " and " + maxRowBytes);
    }
    this.table = table;
    this.generation = generation;
    this.number = lastNumber;
    this.targetBytes = targetBytes;
    this.maxRowBytes = maxRowBytes;
    this.provenance = withKeys ? Provenance.CHUNK : Provenance.NONE;
    this.columns = SnapshotChunk.fingerprint(table, withKeys);
    // a chunk fills the buffer up to its size, and the row that closes it goes past it before it
    // is cut off: the buffer is made that large at once, not doubled up to it
    this.encoder =
        new CopyBinaryEncoder(table.columns(), provenance)
            .begin()
            .reserve(targetBytes + RESERVED_ROW_BYTES);
  }

  /**
   * Whether a table's chunks carry each row's key and place ({@link Provenance#CHUNK}): those of a
   * table with a key, so apply can keep the latest of a key read twice (a capture resumed after a
   * chunk Kafka had already taken) when it builds the key; a table identified by its whole rows is
   * read again whole after an interruption, and its rows keep their multiplicity.
   */
  public static boolean carriesKeys(TableDef table) {
    return !table.wholeRow() && !table.keyColumns().isEmpty();
  }

  /** Starts a read of the source at {@code position}: the rows added next were read there. */
  public void read(String position) {
    read(position, null);
  }

  /**
   * Starts a read of the source at {@code position} covering {@code range} (what each of its chunks
   * says it covers; null: its first and last keys).
   */
  public void read(String position, String range) {
    if (rows > 0 || !rejects.isEmpty()) {
      throw new IllegalStateException("the rows of the previous read are not finished");
    }
    this.position = position;
    this.range = range;
  }

  /**
   * Adds a row read.
   *
   * @param source the row's values as the source's driver returned them, in catalog order
   * @param key the row's key as a change record of it carries (JSON)
   * @param data the row as the source holds it (envelope JSON), asked for only if it is refused
   */
  public void add(Object[] source, String key, Supplier<String> data) {
    int at = nextPlace();
    Object[] values;
    try {
      values = RowDecoder.fromSource(table, source);
    } catch (ValueCastException e) {
      rejected(at, key, data, e.getMessage());
      return;
    }
    put(
        at,
        key,
        data,
        p -> {
          if (provenance == Provenance.CHUNK) {
            encoder.row(values, key, p);
          } else {
            encoder.row(values);
          }
        });
  }

  /**
   * Adds a row read whose values are already cast and in binary {@code COPY} form: {@code length}
   * bytes of {@code fields} from {@code offset}, each column's field (32-bit length, -1 for NULL,
   * and its bytes) in column order, not checked. With keys, the row's key and place follow them as
   * {@link #add} writes them.
   *
   * @param key the row's key as a change record of it carries (JSON), null when the key columns
   *     hold it unchanged
   * @param data the row as the source holds it (envelope JSON), asked for only if it is refused;
   *     may give null
   */
  public void addEncoded(byte[] fields, int offset, int length, String key, Supplier<String> data) {
    int at = nextPlace();
    put(
        at,
        key,
        data,
        p -> {
          if (provenance == Provenance.CHUNK) {
            encoder.encodedRow(fields, offset, length, key, p);
          } else {
            encoder.encodedRow(fields, offset, length);
          }
        });
  }

  /**
   * Adds a row read that could not be cast (a reader that casts rows itself, for {@link
   * #addEncoded}): a reject of the chunk at the row's place, with {@code reason}.
   */
  public void reject(String key, Supplier<String> data, String reason) {
    rejected(nextPlace(), key, data, reason);
  }

  /**
   * The chunks the current read has closed so far (at their size), in order, each handed out once:
   * a long read need not hold its chunks until {@link #finish}.
   */
  public List<SnapshotChunk> closed() {
    if (done.isEmpty()) {
      return List.of();
    }
    List<SnapshotChunk> chunks = List.copyOf(done);
    done.clear();
    return chunks;
  }

  private int nextPlace() {
    if (position == null) {
      throw new IllegalStateException("a row added before its read was started");
    }
    return place++;
  }

  private void rejected(int at, String key, Supplier<String> data, String reason) {
    SnapshotChunk.Reject reject =
        new SnapshotChunk.Reject(at, key, kept(data.get(), KEPT_DATA_CHARS), reason);
    int size = size(reject);
    if ((rows > 0 || !rejects.isEmpty()) && rejectBytes + size > rejectBudget()) {
      // the rejects travel in a header of the chunk's record: past the budget, the reject opens
      // the next chunk, at its first place
      close();
      at = place++;
      reject = new SnapshotChunk.Reject(at, reject.key(), reject.data(), reject.reason());
    }
    rejects.add(reject);
    rejectBytes += size;
  }

  /**
   * How many bytes of rejects a chunk may carry (in its rejects header): a quarter of its size, so
   * rows and rejects together stay within a record.
   */
  private int rejectBudget() {
    return Math.max(targetBytes / 4, KEPT_DATA_CHARS * 2);
  }

  /** About what a reject takes in the header, in bytes (UTF-8 up to 3 bytes a character). */
  private static int size(SnapshotChunk.Reject reject) {
    return 64 + 3 * (length(reject.key()) + length(reject.data()) + length(reject.reason()));
  }

  private static int length(String text) {
    return text == null ? 0 : text.length();
  }

  /**
   * Puts a row into the current chunk, or, when it would take the chunk past its size, into the
   * next one; refuses it when it is too large for any.
   *
   * @param row appends the row at a place
   */
  private void put(int at, String key, Supplier<String> data, IntConsumer row) {
    int before = encoder.length();
    row.accept(at);
    int size = encoder.length() - before;
    if (size > maxRowBytes) {
      encoder.truncate(before);
      rejected(
          at,
          key,
          () -> kept(data.get(), OVERSIZED_DATA_CHARS), // its beginning, for context
          "the row is "
              + size
              + " bytes in COPY form, over the "
              + maxRowBytes
              + " bytes a snapshot chunk may carry (tributary.capture.max-record-bytes, less"
              + " room for the chunk's headers); the row stays in the source: raise the limit"
              + " and resync the table");
      return;
    }
    if (rows > 0 && encoder.length() + TRAILER_BYTES > targetBytes) {
      // the row would take the chunk past its size: it opens the next one
      encoder.truncate(before);
      close();
      row.accept(place++);
    }
    if (rows == 0) {
      firstKey = key;
    }
    lastKey = key;
    rows++;
  }

  /**
   * The chunks of the current read, in order: those closed at their size and the last one, which
   * holds the rest of the rows and the rejects (none when the read gave no row).
   */
  public List<SnapshotChunk> finish() {
    if (rows > 0 || !rejects.isEmpty()) {
      close();
    }
    position = null;
    range = null;
    return closed();
  }

  /** The bytes of the rows added to the chunk not closed yet. */
  public int pendingBytes() {
    return encoder.length();
  }

  /** The rows added to the chunk not closed yet. */
  public int pendingRows() {
    return rows;
  }

  /** The size a chunk is closed at. */
  public int targetBytes() {
    return targetBytes;
  }

  /** The number of the last chunk made. */
  public long lastNumber() {
    return number;
  }

  private void close() {
    encoder.end();
    byte[] copy = encoder.toByteArray();
    number++;
    done.add(
        new SnapshotChunk(
            table.topic(),
            generation,
            number,
            rows,
            position,
            range != null
                ? range
                : rows == 0 ? "no rows" : "first " + firstKey + " last " + lastKey,
            columns,
            copy,
            rejects));
    rejects.clear();
    rejectBytes = 0;
    rows = 0;
    place = 0;
    firstKey = null;
    lastKey = null;
    encoder.begin();
  }

  private static String kept(String data, int chars) {
    if (data == null || data.length() <= chars) {
      return data;
    }
    int end = chars;
    if (Character.isHighSurrogate(data.charAt(end - 1))) {
      end--; // never half a character
    }
    return data.substring(0, end);
  }
}
