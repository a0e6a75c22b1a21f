package io.tributary.source.spi.validate;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.value.RowCanonicalizer;
import io.tributary.common.value.RowHasher;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Hashes decoded rows for comparison: the key's hash (which places the row in a {@link KeyRanges
 * key-hash range}), the row's two 64-bit lanes (the same as {@link
 * io.tributary.common.value.TableChecksum}'s, so range sums add up to the table checksum) and one
 * hash per column (to name the columns that differ). All are SHA-256 over {@link RowCanonicalizer
 * canonical forms}, so a source row and its target row hash the same whatever engine holds them.
 * Not thread-safe: one per reading thread.
 */
public final class RowDigester {
  private final MessageDigest sha;
  private final RowHasher rows = new RowHasher();
  private final int[] keyIndexes;

  /**
   * @param keyIndexes the positions of the key columns in the row, in key order
   */
  public RowDigester(int[] keyIndexes) {
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
    this.keyIndexes = keyIndexes.clone();
  }

  /** A digester for rows of the table in catalog column order. */
  public static RowDigester of(TableDef table) {
    return new RowDigester(keyIndexes(table));
  }

  /**
   * The positions of the table's identity columns ({@link TableDef#identityColumns()}: its key, or
   * every column of a table identified by its whole rows) in catalog order, in key order.
   */
  public static int[] keyIndexes(TableDef table) {
    List<ColumnDef> key = table.identityColumns();
    if (key.isEmpty()) {
      throw new IllegalArgumentException(
          "table " + table.qualifiedSourceName() + " has no key columns to compare rows by");
    }
    int[] indexes = new int[key.size()];
    for (int i = 0; i < indexes.length; i++) {
      indexes[i] = table.columns().indexOf(key.get(i));
    }
    return indexes;
  }

  /** The canonical text of the row's key: equal keys, equal text, on both sides. */
  public String keyText(List<Object> values) {
    StringBuilder out = new StringBuilder(24);
    for (int index : keyIndexes) {
      out.append(RowCanonicalizer.canonicalValue(values.get(index)));
    }
    return out.toString();
  }

  /** The 64-bit hash of a key's canonical text (the first 8 bytes of its SHA-256). */
  public long keyHash(String keyText) {
    return ByteBuffer.wrap(sha.digest(keyText.getBytes(StandardCharsets.UTF_8))).getLong();
  }

  /** Fills {@code lanes[0]} and {@code lanes[1]} with the row's two checksum lanes. */
  public void rowLanes(List<Object> values, long[] lanes) {
    rows.lanes(values, lanes);
  }

  /** One hash per column of the row. */
  public long[] columnHashes(List<Object> values) {
    long[] hashes = new long[values.size()];
    for (int i = 0; i < hashes.length; i++) {
      hashes[i] =
          ByteBuffer.wrap(
                  sha.digest(
                      RowCanonicalizer.canonicalValue(values.get(i))
                          .getBytes(StandardCharsets.UTF_8)))
              .getLong();
    }
    return hashes;
  }
}
