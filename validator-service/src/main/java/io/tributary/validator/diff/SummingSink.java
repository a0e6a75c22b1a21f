package io.tributary.validator.diff;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.source.spi.validate.KeyRanges;
import io.tributary.source.spi.validate.RangeSums;
import io.tributary.source.spi.validate.RowDigester;
import io.tributary.source.spi.validate.RowScanner;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * One side's checksum pass: sums each row into its key-hash range; on the source side also keeps
 * what cannot be compared (undecodable and rejected rows).
 */
final class SummingSink implements BothSides.Sink {
  private final RowDigester digester;
  private final KeyRanges ranges;
  private final RangeSums sums;
  private final int maxListed;
  private final long[] lanes = new long[2];
  private final List<Difference> undecodable = new ArrayList<>();
  private long undecodableCount;
  private long rejected;

  /**
   * @param maxListed the most undecodable rows listed (all are counted)
   */
  SummingSink(int[] keyIndexes, KeyRanges ranges, int maxListed) {
    this.digester = new RowDigester(keyIndexes);
    this.ranges = ranges;
    this.sums = new RangeSums(ranges.size());
    this.maxListed = maxListed;
  }

  /** Sums in the database where the side's reader can, else row by row. */
  @Override
  public void readFrom(RowScanner side) {
    if (side.sumInDatabase(ranges, sums)) {
      return;
    }
    side.scan(ranges, this);
  }

  /**
   * Reads this pass's rows of a side that holds its snapshot ({@link HeldSnapshot}), then the rows
   * of the keys {@code leftOut} completes with, taken out of the sums again.
   */
  void readHeld(HeldSnapshot side, CompletionStage<List<ObjectNode>> leftOut) {
    side.sumThenRead(ranges, sums, this, leftOut, subtracting());
  }

  @Override
  public void row(List<Object> values) {
    int range = ranges.locate(digester.keyHash(digester.keyText(values)));
    if (range >= 0) {
      digester.rowLanes(values, lanes);
      sums.add(range, lanes[0], lanes[1]);
    }
  }

  @Override
  public void undecodable(ObjectNode sourceKey, String reason) {
    undecodableCount++;
    if (undecodable.size() < maxListed) {
      undecodable.add(Difference.undecodable(sourceKey, reason));
    }
  }

  @Override
  public void rejected() {
    rejected++;
  }

  /**
   * A sink that takes the rows it gets out of these sums again (rows a comparison as of a position
   * leaves out, read by key).
   */
  RowScanner.RowSink subtracting() {
    return new RowScanner.RowSink() {
      private final long[] taken = new long[2];

      @Override
      public void row(List<Object> values) {
        int range = ranges.locate(digester.keyHash(digester.keyText(values)));
        if (range >= 0) {
          digester.rowLanes(values, taken);
          sums.add(range, -1, -taken[0], -taken[1]);
        }
      }

      @Override
      public void undecodable(ObjectNode sourceKey, String reason) {
        // a target row is never undecodable
      }

      @Override
      public void rejected() {
        // rows apply rejected are in no sum
      }
    };
  }

  RangeSums sums() {
    return sums;
  }

  /** The first undecodable rows, as differences. */
  List<Difference> undecodableListed() {
    return undecodable;
  }

  long undecodableCount() {
    return undecodableCount;
  }

  long rejectedRows() {
    return rejected;
  }
}
