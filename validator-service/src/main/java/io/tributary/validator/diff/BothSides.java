package io.tributary.validator.diff;

import io.tributary.source.spi.validate.RowScanner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

/**
 * Reads the two sides of a comparison at once: the target on the given executor while the calling
 * thread reads the source. A failure of either side is thrown as it is, the target's read having
 * ended first.
 */
final class BothSides {
  private final Executor executor;

  BothSides(Executor executor) {
    this.executor = executor;
  }

  /** Where one side's rows of a pass go, and how that side is read for it. */
  interface Sink extends RowScanner.RowSink {
    /** Reads this pass's rows of one side into this sink. */
    void readFrom(RowScanner side);
  }

  /** One pass: each side read into its sink. */
  void scan(RowScanner source, Sink sourceSink, RowScanner target, Sink targetSink) {
    read(
        () -> {
          sourceSink.readFrom(source);
          return true;
        },
        () -> {
          targetSink.readFrom(target);
          return true;
        });
  }

  /**
   * Runs both reads, the target's on the executor.
   *
   * @return whether both reads did what they were asked (each says by its result)
   */
  boolean read(BooleanSupplier source, BooleanSupplier target) {
    CompletableFuture<Boolean> targetRead =
        CompletableFuture.supplyAsync(target::getAsBoolean, executor);
    boolean sourceRead;
    try {
      sourceRead = source.getAsBoolean();
    } catch (RuntimeException e) {
      targetRead.handle((v, failure) -> null).join(); // let the target's read end first
      throw e;
    }
    boolean targetDone;
    try {
      targetDone = targetRead.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("reading the target failed: " + e.getCause(), e.getCause());
    }
    return sourceRead && targetDone;
  }
}
