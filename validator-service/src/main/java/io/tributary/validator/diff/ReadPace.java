package io.tributary.validator.diff;

/**
 * Paces one read at a duty cycle ({@code tributary.validator.deep.duty-cycle}): after every {@value
 * #BATCH} rows it pauses for as long, relative to the time it took to read them, as leaves the
 * machine the rest — at 0.5 it reads half the time. The rows come slower, so the database serving
 * the read, and this process decoding and hashing them, leave that share of the CPU to the source's
 * applications (a source on the machine that runs Tributary: a whole-table read otherwise takes the
 * cores from its writers). Not thread-safe: one per read, ticked by the thread that consumes its
 * rows, which it blocks while it pauses.
 */
public final class ReadPace {
  /** Rows between two pauses. */
  static final int BATCH = 2_000;

  private final double dutyCycle;
  private int rows;
  private long resumedAt = System.nanoTime();

  private ReadPace(double dutyCycle) {
    this.dutyCycle = dutyCycle;
  }

  /**
   * A pace for one read at this duty cycle (at 1, never pauses).
   *
   * @throws IllegalArgumentException for a duty cycle outside (0, 1]
   */
  public static ReadPace of(double dutyCycle) {
    if (!(dutyCycle > 0 && dutyCycle <= 1)) {
      throw new IllegalArgumentException(
          "tributary.validator.deep.duty-cycle must be above 0 and at most 1, not " + dutyCycle);
    }
    return new ReadPace(dutyCycle);
  }

  /** Whether it ever pauses (a duty cycle below 1). */
  public boolean pauses() {
    return dutyCycle < 1;
  }

  /** One row read: every {@value #BATCH} rows, pauses as the duty cycle says. */
  public void row() {
    if (dutyCycle >= 1 || ++rows % BATCH != 0) {
      return;
    }
    long pause = pauseNanos(System.nanoTime() - resumedAt, dutyCycle);
    try {
      Thread.sleep(pause / 1_000_000, (int) (pause % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while pacing a read", e);
    }
    resumedAt = System.nanoTime();
  }

  /** How long to pause after reading for {@code busyNanos}, at this duty cycle. */
  static long pauseNanos(long busyNanos, double dutyCycle) {
    return (long) (busyNanos * (1 - dutyCycle) / dutyCycle);
  }
}
