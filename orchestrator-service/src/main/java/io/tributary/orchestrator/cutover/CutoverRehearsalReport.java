package io.tributary.orchestrator.cutover;

import io.tributary.source.spi.freeze.CutoverCheck;
import java.util.List;

/**
 * What a cutover rehearsal found: nothing was frozen.
 *
 * @param migration the migration
 * @param ready true when every check passed: a cutover started now could run every step
 * @param checks every check, in the order the cutover's steps need them
 * @param durationMs how long the rehearsal took
 */
public record CutoverRehearsalReport(
    String migration, boolean ready, List<CutoverCheck> checks, long durationMs) {
  public CutoverRehearsalReport {
    checks = List.copyOf(checks);
  }

  /** The report of these checks, ready when every one passed, timed from {@code startedNanos}. */
  public static CutoverRehearsalReport of(
      String migration, List<CutoverCheck> checks, long startedNanos) {
    return new CutoverRehearsalReport(
        migration,
        checks.stream().allMatch(CutoverCheck::ok),
        checks,
        (System.nanoTime() - startedNanos) / 1_000_000);
  }
}
