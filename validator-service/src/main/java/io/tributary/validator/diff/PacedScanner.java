package io.tributary.validator.diff;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.source.spi.validate.ChangesAfter;
import io.tributary.source.spi.validate.KeyRanges;
import io.tributary.source.spi.validate.RangeSums;
import io.tributary.source.spi.validate.RowScanner;
import java.util.List;

/**
 * A side of a comparison read at a duty cycle below 1 ({@code
 * tributary.validator.deep.duty-cycle}), each scan paced by a {@link ReadPace} of its own. Sums
 * done in the database are not paced. Blocking, like the scanner it paces.
 */
public final class PacedScanner implements RowScanner {
  private final RowScanner inner;
  private final double dutyCycle;

  private PacedScanner(RowScanner inner, double dutyCycle) {
    this.inner = inner;
    this.dutyCycle = dutyCycle;
  }

  /**
   * The scanner read at this duty cycle; itself at 1 (no pause).
   *
   * @throws IllegalArgumentException for a duty cycle outside (0, 1]
   */
  public static RowScanner of(RowScanner inner, double dutyCycle) {
    return ReadPace.of(dutyCycle).pauses() ? new PacedScanner(inner, dutyCycle) : inner;
  }

  @Override
  public void scan(RowSink sink) {
    inner.scan(new PacedSink(sink));
  }

  @Override
  public void scan(KeyRanges ranges, RowSink sink) {
    inner.scan(ranges, new PacedSink(sink));
  }

  @Override
  public boolean scanAsOf(KeyRanges ranges, ChangesAfter changes, RowSink sink) {
    return inner.scanAsOf(ranges, changes, new PacedSink(sink));
  }

  @Override
  public boolean sumInDatabase(KeyRanges ranges, RangeSums sums) {
    return inner.sumInDatabase(ranges, sums);
  }

  @Override
  public boolean scanKeys(List<ObjectNode> keys, RowSink sink) {
    return inner.scanKeys(keys, new PacedSink(sink));
  }

  private final class PacedSink implements RowSink {
    private final RowSink sink;
    private final ReadPace pace = ReadPace.of(dutyCycle);

    PacedSink(RowSink sink) {
      this.sink = sink;
    }

    @Override
    public void row(List<Object> values) {
      sink.row(values);
      pace.row();
    }

    @Override
    public void undecodable(ObjectNode sourceKey, String reason) {
      sink.undecodable(sourceKey, reason);
      pace.row();
    }

    @Override
    public void rejected() {
      sink.rejected();
      pace.row();
    }

    @Override
    public void changedAfter(ObjectNode sourceKey, List<Object> values) {
      sink.changedAfter(sourceKey, values);
      pace.row();
    }
  }
}
