package io.tributary.validator.diff;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.source.spi.validate.KeyRanges;
import io.tributary.source.spi.validate.RangeSums;
import io.tributary.source.spi.validate.RowScanner;
import java.util.List;

/**
 * A side of a comparison read at a duty cycle below 1 ({@code
 * tributary.validator.deep.duty-cycle}): after every {@value #BATCH} rows the scan pauses for as
 * long, relative to the time it read them, as leaves the machine the rest — at 0.5 it reads half
 * the time. The rows come slower, so the database serving the read, and this process decoding and
 * hashing them, leave that share of the CPU to the source's applications (a source on the machine
 * that runs Tributary: a whole-table comparison otherwise takes the cores from its writers). Sums
 * done in the database are not paced. Blocking, like the scanner it paces.
 */
public final class PacedScanner implements RowScanner {
  /** Rows between two pauses. */
  static final int BATCH = 2_000;

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
    if (!(dutyCycle > 0 && dutyCycle <= 1)) {
      throw new IllegalArgumentException(
          "tributary.validator.deep.duty-cycle must be above 0 and at most 1, not " + dutyCycle);
    }
    return dutyCycle >= 1 ? inner : new PacedScanner(inner, dutyCycle);
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
  public boolean sumInDatabase(KeyRanges ranges, RangeSums sums) {
    return inner.sumInDatabase(ranges, sums);
  }

  @Override
  public boolean scanKeys(List<ObjectNode> keys, RowSink sink) {
    return inner.scanKeys(keys, new PacedSink(sink));
  }

  /** How long to pause after reading for {@code busyNanos}, at this duty cycle. */
  static long pauseNanos(long busyNanos, double dutyCycle) {
    return (long) (busyNanos * (1 - dutyCycle) / dutyCycle);
  }

  private final class PacedSink implements RowSink {
    private final RowSink sink;
    private int rows;
    private long resumedAt = System.nanoTime();

    PacedSink(RowSink sink) {
      this.sink = sink;
    }

    @Override
    public void row(List<Object> values) {
      sink.row(values);
      counted();
    }

    @Override
    public void undecodable(ObjectNode sourceKey, String reason) {
      sink.undecodable(sourceKey, reason);
      counted();
    }

    @Override
    public void rejected() {
      sink.rejected();
      counted();
    }

    private void counted() {
      if (++rows % BATCH != 0) {
        return;
      }
      long pause = pauseNanos(System.nanoTime() - resumedAt, dutyCycle);
      try {
        Thread.sleep(pause / 1_000_000, (int) (pause % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while pacing a comparison's read", e);
      }
      resumedAt = System.nanoTime();
    }
  }
}
