package io.tributary.orchestrator.cutover;

import io.tributary.source.spi.freeze.CutoverCheck;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A rehearsal under way (of a cutover, of a fallback): the migration, its checks so far in the
 * order the steps need them, and since when it runs.
 */
public final class Rehearsal {
  private final String migration;
  private final long started = System.nanoTime();
  private final List<CutoverCheck> checks = new ArrayList<>();

  public Rehearsal(String migration) {
    this.migration = migration;
  }

  public String migration() {
    return migration;
  }

  public void add(CutoverCheck check) {
    checks.add(check);
  }

  public void addAll(Collection<CutoverCheck> more) {
    checks.addAll(more);
  }

  /** What it found, ready when every check passed. */
  public CutoverRehearsalReport report() {
    return CutoverRehearsalReport.of(migration, checks, started);
  }
}
