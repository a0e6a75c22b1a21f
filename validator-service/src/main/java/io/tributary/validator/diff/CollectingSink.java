package io.tributary.validator.diff;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.source.spi.validate.KeyRanges;
import io.tributary.source.spi.validate.RowDigester;
import io.tributary.source.spi.validate.RowScanner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One side's row pass: keeps the rows of the given ranges, by canonical key. */
final class CollectingSink implements BothSides.Sink {
  private final RowDigester digester;
  private final int[] keyIndexes;
  private final KeyRanges ranges;
  private final Map<String, Collected> rows = new HashMap<>();
  private final boolean wholeRow;

  /** Undecodable source rows (read only by a comparison by key: a full diff counts them first). */
  private final List<Difference> undecodable = new ArrayList<>();

  private long rejected;

  /**
   * @param wholeRow whether the table is identified by its whole rows (equal rows are counted as
   *     copies of one)
   */
  CollectingSink(int[] keyIndexes, KeyRanges ranges, boolean wholeRow) {
    this.digester = new RowDigester(keyIndexes);
    this.keyIndexes = keyIndexes;
    this.ranges = ranges;
    this.wholeRow = wholeRow;
  }

  /**
   * A row as collected; {@code copies} counts equal rows of a table identified by its whole rows
   * (for a keyed table, a key's row is there once).
   */
  static final class Collected {
    final int range;
    final List<Object> values;
    final long[] columnHashes;
    long copies = 1;

    Collected(int range, List<Object> values, long[] columnHashes) {
      this.range = range;
      this.values = values;
      this.columnHashes = columnHashes;
    }
  }

  @Override
  public void readFrom(RowScanner side) {
    side.scan(ranges, this);
  }

  @Override
  public void row(List<Object> values) {
    String key = digester.keyText(values);
    int range = ranges.locate(digester.keyHash(key));
    if (range >= 0) {
      Collected seen = rows.get(key);
      if (seen != null && wholeRow) {
        seen.copies++;
      } else {
        rows.put(
            key,
            new Collected(range, Arrays.asList(values.toArray()), digester.columnHashes(values)));
      }
    }
  }

  @Override
  public void undecodable(ObjectNode sourceKey, String reason) {
    undecodable.add(Difference.undecodable(sourceKey, reason));
  }

  @Override
  public void rejected() {
    rejected++;
  }

  /** The rows kept, by canonical key (a comparison takes the rows it matched out of it). */
  Map<String, Collected> rows() {
    return rows;
  }

  int[] keyIndexes() {
    return keyIndexes;
  }

  List<Difference> undecodableRows() {
    return undecodable;
  }

  long rejectedRows() {
    return rejected;
  }
}
