package io.tributary.cdc.engine;

import java.time.Duration;

/**
 * Something that runs on one {@link EmbeddedEngine} (a source's capture, a fallback window's
 * write-back): its supervisor reads the engine's state through it the same way for both.
 */
public interface EngineBacked {
  /** The engine it runs on. */
  EmbeddedEngine engine();

  /** True once the engine stopped, by request or by failure. */
  default boolean finished() {
    return engine().finished();
  }

  /** Why the engine stopped by itself, or null. */
  default Throwable failure() {
    return engine().failure();
  }

  /** Whether the engine has run for {@code quiet} without stopping: it works (again). */
  default boolean working(Duration quiet) {
    return engine().working(quiet);
  }
}
