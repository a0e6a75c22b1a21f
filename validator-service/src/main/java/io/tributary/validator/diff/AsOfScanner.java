package io.tributary.validator.diff;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.source.spi.validate.ChangesAfter;
import io.tributary.source.spi.validate.KeyRanges;
import io.tributary.source.spi.validate.RangeSums;
import io.tributary.source.spi.validate.RowDigester;
import io.tributary.source.spi.validate.RowScanner;
import java.util.List;

/**
 * A comparison's source side read as of a cutover's position P ({@link RowScanner#scanAsOf}): the
 * rows that changed after P are left out and gathered ({@link LeftOut}); every other row goes to
 * the pass's sink as it was at P. A source whose reader cannot is read as it is ({@link #asOf} then
 * says so): the comparison is an ordinary one.
 */
final class AsOfScanner implements RowScanner {
  private final RowScanner inner;
  private final ChangesAfter changes;
  private final LeftOut leftOut;
  private final RowDigester digester;
  private boolean asOf = true;

  AsOfScanner(RowScanner inner, ChangesAfter changes, LeftOut leftOut, int[] keyIndexes) {
    this.inner = inner;
    this.changes = changes;
    this.leftOut = leftOut;
    this.digester = new RowDigester(keyIndexes);
  }

  /** False once the reader could not read as of P (and read the rows as they are). */
  boolean asOf() {
    return asOf;
  }

  @Override
  public void scan(RowSink sink) {
    scan(KeyRanges.uniform(0), sink);
  }

  @Override
  public void scan(KeyRanges ranges, RowSink sink) {
    if (asOf && inner.scanAsOf(ranges, changes, new Gathering(sink))) {
      return;
    }
    asOf = false;
    inner.scan(ranges, sink);
  }

  @Override
  public boolean sumInDatabase(KeyRanges ranges, RangeSums sums) {
    // as of P, every row passes the test of its change; as it is, the reader's own way
    return !asOf && inner.sumInDatabase(ranges, sums);
  }

  @Override
  public boolean scanKeys(List<ObjectNode> keys, RowSink sink) {
    return inner.scanKeys(keys, sink);
  }

  /** Passes the rows on and gathers those left out. */
  private final class Gathering implements RowSink {
    private final RowSink sink;

    Gathering(RowSink sink) {
      this.sink = sink;
    }

    @Override
    public void row(List<Object> values) {
      sink.row(values);
    }

    @Override
    public void undecodable(ObjectNode sourceKey, String reason) {
      sink.undecodable(sourceKey, reason);
    }

    @Override
    public void rejected() {
      sink.rejected();
    }

    @Override
    public void changedAfter(ObjectNode sourceKey, List<Object> values) {
      leftOut.add(sourceKey, values == null ? null : digester.keyText(values));
    }
  }
}
