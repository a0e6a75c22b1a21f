package io.tributary.common.plan;

import java.time.Duration;
import java.util.Locale;

/**
 * The steps of a cutover, in the order they run (DESIGN.md). {@link #PREPARE} runs before the
 * freeze (it builds what finalize can build while the applications still write) and does not count
 * in the write pause; {@link #FREEZE} through {@link #SWITCH} do.
 */
public enum CutoverStep {
  /** Finalize what does not need a frozen source (indexes, unique constraints) ahead of time. */
  PREPARE(Duration.ofMinutes(30)),
  /** Writes on every source stop (SQLite read-only triggers, PgBouncer PAUSE, read-only roles). */
  FREEZE(Duration.ofSeconds(10)),
  /** A fence is written into every source's change stream. */
  FENCE(Duration.ofSeconds(10)),
  /** Apply commits past every fence marker on every table. */
  DRAIN(Duration.ofSeconds(60)),
  /** Final validation: exact counts and checksums of every table, source frozen. */
  VALIDATE(Duration.ofMinutes(10)),
  /** Foreign keys, sequences past the highest key, ANALYZE. */
  FINALIZE(Duration.ofMinutes(30)),
  /** The plan's switch actions, in order. */
  SWITCH(Duration.ofSeconds(30)),
  /** The sources are unfrozen after a failure before the switch. */
  ROLLBACK(Duration.ofSeconds(30));

  private final Duration defaultTimeout;

  CutoverStep(Duration defaultTimeout) {
    this.defaultTimeout = defaultTimeout;
  }

  /** The timeout when the plan gives none. */
  public Duration defaultTimeout() {
    return defaultTimeout;
  }

  /** The step's name in plans, the audit log and the API ({@code freeze}). */
  public String planName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
