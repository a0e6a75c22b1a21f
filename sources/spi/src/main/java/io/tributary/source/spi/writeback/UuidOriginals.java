package io.tributary.source.spi.writeback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.value.SourceCasts;
import io.tributary.common.value.ValueCastException;
import io.tributary.common.value.ValueCodec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * The original source values of one column's uuids: for a {@code uuid5} key, the legacy key each
 * uuid was made from (the uuid cannot be turned back into it); for a SQLite key of type {@code
 * uuid}, the text or BLOB the source holds for each uuid. Filled from the source's key values, each
 * one's uuid computed exactly as capture computes it ({@link SourceCasts#decode}); asked by the
 * target's uuid.
 *
 * <p><b>Memory.</b> A table of millions of keys must fit beside everything else, so nothing here is
 * an object per key: an open-addressing table (linear probing, at most 3/4 full) of the uuid's
 * first 64 bits, with each original inline — an integer or a real as its 64 bits, text and BLOBs as
 * an offset into one byte array holding their UTF-8 bytes after a length. A key costs 17 bytes per
 * slot, so 23 to 45 bytes with the free slots, plus its text's length and 1 to 5 bytes of length
 * for text keys: about 35 MB for a million integer keys, 70 MB for a million 36-character text keys
 * (a {@code HashMap<UUID, Object>} takes about 150 bytes per key). Two uuids with the same first 64
 * bits both stay (probing passes over the first); a lookup tells them apart by computing each
 * candidate's uuid again.
 */
final class UuidOriginals {
  private static final byte EMPTY = 0;
  private static final byte INTEGER = 1;
  private static final byte REAL = 2;
  private static final byte TEXT = 3;
  private static final byte BLOB = 4;
  private static final int INITIAL_SLOTS = 1 << 10;

  private final ColumnDef column;
  private long[] hashes = new long[INITIAL_SLOTS];
  private long[] values = new long[INITIAL_SLOTS];
  private byte[] kinds = new byte[INITIAL_SLOTS];
  private byte[] bytes = new byte[1 << 12];
  private int used;
  private int size;

  /**
   * @param column the column whose uuids these are: its {@link ColumnDef#remap()} namespace (uuid5)
   *     or its uuid type gives each original its uuid
   */
  UuidOriginals(ColumnDef column) {
    this.column = column;
  }

  /** How many originals it holds. */
  int size() {
    return size;
  }

  /** The bytes its arrays take, for the log. */
  long footprint() {
    return (long) hashes.length * 17 + bytes.length;
  }

  /**
   * Keeps an original (a number or a string, or a {@code {"$binary"}} object), by the uuid capture
   * makes of it; false, keeping nothing, for a value that has no uuid (capture refused its row).
   */
  boolean put(JsonNode original) {
    UUID uuid;
    try {
      uuid = uuidOf(original);
    } catch (ValueCastException e) {
      return false;
    }
    if (uuid == null || get(uuid).isPresent()) {
      return false;
    }
    if ((size + 1) * 4L > hashes.length * 3L) {
      grow();
    }
    insert(uuid.getMostSignificantBits(), original);
    size++;
    return true;
  }

  /** The original of a uuid, if one was kept. */
  Optional<JsonNode> get(UUID uuid) {
    long hash = uuid.getMostSignificantBits();
    int mask = hashes.length - 1;
    for (int slot = spread(hash) & mask; kinds[slot] != EMPTY; slot = (slot + 1) & mask) {
      if (hashes[slot] == hash) {
        JsonNode original = original(slot);
        if (uuid.equals(uuidOf(original))) {
          return Optional.of(original);
        }
      }
    }
    return Optional.empty();
  }

  private UUID uuidOf(JsonNode original) {
    return (UUID) SourceCasts.decode(original, column);
  }

  private void insert(long hash, JsonNode original) {
    int mask = hashes.length - 1;
    int slot = spread(hash) & mask;
    while (kinds[slot] != EMPTY) {
      slot = (slot + 1) & mask;
    }
    hashes[slot] = hash;
    if (original.isIntegralNumber() && original.canConvertToLong()) {
      kinds[slot] = INTEGER;
      values[slot] = original.longValue();
    } else if (original.isNumber()) {
      kinds[slot] = REAL;
      values[slot] = Double.doubleToRawLongBits(original.doubleValue());
    } else if (original.isTextual()) {
      kinds[slot] = TEXT;
      values[slot] = append(original.textValue().getBytes(StandardCharsets.UTF_8));
    } else {
      kinds[slot] = BLOB;
      values[slot] =
          append(Base64.getDecoder().decode(original.path(ValueCodec.BINARY_FIELD).asText()));
    }
  }

  private JsonNode original(int slot) {
    return switch (kinds[slot]) {
      case INTEGER -> LongNode.valueOf(values[slot]);
      case REAL -> DoubleNode.valueOf(Double.longBitsToDouble(values[slot]));
      case TEXT -> TextNode.valueOf(new String(read(values[slot]), StandardCharsets.UTF_8));
      default ->
          JsonNodeFactory.instance
              .objectNode()
              .put(ValueCodec.BINARY_FIELD, Base64.getEncoder().encodeToString(read(values[slot])));
    };
  }

  /** Appends a varint length and the bytes; the offset. */
  private long append(byte[] data) {
    int needed = used + 5 + data.length;
    if (needed > bytes.length) {
      long grown = Math.max((long) bytes.length * 2, needed);
      if (grown > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException(
            "the originals of " + column.name() + " take more than 2 GB of key text");
      }
      bytes = Arrays.copyOf(bytes, (int) grown);
    }
    int offset = used;
    int length = data.length;
    while ((length & ~0x7f) != 0) {
      bytes[used++] = (byte) ((length & 0x7f) | 0x80);
      length >>>= 7;
    }
    bytes[used++] = (byte) length;
    System.arraycopy(data, 0, bytes, used, data.length);
    used += data.length;
    return offset;
  }

  private byte[] read(long offset) {
    int at = (int) offset;
    int length = 0;
    int shift = 0;
    byte b;
    do {
      b = bytes[at++];
      length |= (b & 0x7f) << shift;
      shift += 7;
    } while ((b & 0x80) != 0);
    return Arrays.copyOfRange(bytes, at, at + length);
  }

  private void grow() {
    long[] oldHashes = hashes;
    long[] oldValues = values;
    byte[] oldKinds = kinds;
    int slots = oldHashes.length * 2;
    hashes = new long[slots];
    values = new long[slots];
    kinds = new byte[slots];
    int mask = slots - 1;
    for (int i = 0; i < oldHashes.length; i++) {
      if (oldKinds[i] != EMPTY) {
        int slot = spread(oldHashes[i]) & mask;
        while (kinds[slot] != EMPTY) {
          slot = (slot + 1) & mask;
        }
        hashes[slot] = oldHashes[i];
        values[slot] = oldValues[i];
        kinds[slot] = oldKinds[i];
      }
    }
  }

  /** Mixes all 64 bits into the slot (time-ordered uuids share their first bits). */
  private static int spread(long hash) {
    long h = hash;
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return (int) h;
  }
}
