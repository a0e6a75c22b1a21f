package io.tributary.source.sqlite.capture;

import io.tributary.source.sqlite.vtab.Vec0Table;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * One chunk of a {@code vec0} table as sqlite-vec keeps it: its {@code t_chunks} row ({@code
 * validity}, a bit per slot; {@code rowids}, a little-endian int64 per slot) and its blob in every
 * {@code t_vector_chunksNN} and {@code t_metadatachunksNN}, in declaration order. A slot holds a
 * row when its validity bit is set. No I/O here.
 *
 * @param table the vec0 table
 * @param id the chunk's {@code chunk_id}
 * @param validity the validity bitmap
 * @param rowids the rowid of each slot
 * @param vectors each vector column's blob, in the order of {@code table.columns(VECTOR)}
 * @param metadata each metadata column's blob, in the order of {@code table.columns(METADATA)}
 */
public record Vec0Chunk(
    Vec0Table table,
    long id,
    byte[] validity,
    byte[] rowids,
    List<byte[]> vectors,
    List<byte[]> metadata) {

  public Vec0Chunk {
    vectors = List.copyOf(vectors);
    metadata = List.copyOf(metadata);
    int vectorColumns = table.columns(Vec0Table.Kind.VECTOR).size();
    int metadataColumns = table.columns(Vec0Table.Kind.METADATA).size();
    if (vectors.size() != vectorColumns || metadata.size() != metadataColumns) {
      throw new IllegalArgumentException(
          "chunk "
              + id
              + " of vec0 table "
              + table.name()
              + " has "
              + vectors.size()
              + " vector and "
              + metadata.size()
              + " metadata blobs, not "
              + vectorColumns
              + " and "
              + metadataColumns);
    }
  }

  /** The slots of the chunk (its {@code chunk_size}). */
  public int slots() {
    return Math.min(validity.length * 8, rowids.length / 8);
  }

  /** Whether slot {@code slot} holds a row. */
  public boolean valid(int slot) {
    return ((validity[slot / 8] >> (slot % 8)) & 1) == 1;
  }

  /** The rowid of the row in slot {@code slot}. */
  public long rowid(int slot) {
    return ByteBuffer.wrap(rowids, slot * 8, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
  }

  /** The hash of every byte of the chunk: any change to a row, or to which slots hold rows. */
  public long hash() {
    Vec0RowHash hash = new Vec0RowHash();
    hash.update(validity, 0, validity.length);
    hash.update(rowids, 0, rowids.length);
    for (byte[] blob : vectors) {
      hash.update(blob, 0, blob.length);
    }
    for (byte[] blob : metadata) {
      hash.update(blob, 0, blob.length);
    }
    return hash.value();
  }

  /**
   * The hash of the row in slot {@code slot} ({@link Vec0RowHash}): its vectors' and metadata's
   * slots.
   *
   * @throws IllegalStateException when a blob is too short for the slot (not a chunk sqlite-vec
   *     wrote)
   */
  public long rowHash(int slot) {
    return rowHash(
        slot, table.columns(Vec0Table.Kind.VECTOR), table.columns(Vec0Table.Kind.METADATA));
  }

  /**
   * {@link #rowHash} of every slot that holds a row (0 for the others), in slot order.
   *
   * @throws IllegalStateException when a blob is too short for a slot
   */
  public long[] rowHashes() {
    List<Vec0Table.Column> vectorColumns = table.columns(Vec0Table.Kind.VECTOR);
    List<Vec0Table.Column> metadataColumns = table.columns(Vec0Table.Kind.METADATA);
    long[] out = new long[slots()];
    for (int slot = 0; slot < out.length; slot++) {
      if (valid(slot)) {
        out[slot] = rowHash(slot, vectorColumns, metadataColumns);
      }
    }
    return out;
  }

  private long rowHash(
      int slot, List<Vec0Table.Column> vectorColumns, List<Vec0Table.Column> metadataColumns) {
    Vec0RowHash hash = new Vec0RowHash();
    for (int i = 0; i < vectorColumns.size(); i++) {
      int bytes = vectorColumns.get(i).vectorBytes();
      byte[] blob = vectors.get(i);
      if ((long) (slot + 1) * bytes > blob.length) {
        throw tooShort(vectorColumns.get(i), blob.length, (long) (slot + 1) * bytes);
      }
      hash.vector(blob, slot * bytes, bytes);
    }
    for (int i = 0; i < metadataColumns.size(); i++) {
      try {
        hash.metadata(metadataColumns.get(i).type(), metadata.get(i), slot);
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(
            "vec0 table "
                + table.name()
                + ", chunk "
                + id
                + ", column "
                + metadataColumns.get(i).name()
                + ": "
                + e.getMessage(),
            e);
      }
    }
    return hash.value();
  }

  private IllegalStateException tooShort(Vec0Table.Column column, int has, long needs) {
    return new IllegalStateException(
        "vec0 table "
            + table.name()
            + ", chunk "
            + id
            + ": the blob of "
            + column.name()
            + " holds "
            + has
            + " bytes, its slots need "
            + needs);
  }
}
