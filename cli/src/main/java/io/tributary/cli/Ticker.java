package io.tributary.cli;

import java.time.Duration;
import java.time.Instant;

/** The time of waits, deadlines and rates; tests give one whose sleep only moves it on. */
public interface Ticker {
  /** Now; never goes back while the program runs. */
  Instant now();

  /** Waits this long. */
  void sleep(Duration duration) throws InterruptedException;

  /** The machine's clock, made monotonic from the first reading on. */
  static Ticker system() {
    Instant base = Instant.now();
    long baseNanos = System.nanoTime();
    return new Ticker() {
      @Override
      public Instant now() {
        return base.plusNanos(System.nanoTime() - baseNanos);
      }

      @Override
      public void sleep(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
      }
    };
  }
}
