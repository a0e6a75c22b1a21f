package io.tributary.orchestrator.cutover;

import io.tributary.common.plan.CutoverPlan;
import io.tributary.orchestrator.step.StepRun;
import io.tributary.source.spi.freeze.CutoverSource;
import java.util.List;

/**
 * A cutover or a fallback this process runs, as far as their steps share it: who asked, its row in
 * {@code tributary.cutovers}, the migration's cutover plan and its sources.
 */
public abstract class PlannedRun implements StepRun {
  private final String by;
  private final Cutover cutover;
  private final CutoverPlan plan;
  private final List<CutoverSource> sources;

  /**
   * @param by who asked for the run ({@code tributary}, for one taken up after a restart)
   * @param cutover the run's row in {@code tributary.cutovers}
   */
  protected PlannedRun(String by, Cutover cutover, CutoverPlan plan, List<CutoverSource> sources) {
    this.by = by;
    this.cutover = cutover;
    this.plan = plan;
    this.sources = List.copyOf(sources);
  }

  public String by() {
    return by;
  }

  /** The run's row in {@code tributary.cutovers}. */
  public Cutover cutover() {
    return cutover;
  }

  @Override
  public long id() {
    return cutover.id();
  }

  @Override
  public String migration() {
    return cutover.migration();
  }

  public CutoverPlan plan() {
    return plan;
  }

  public List<CutoverSource> sources() {
    return sources;
  }

  public List<String> sourceNames() {
    return sources.stream().map(CutoverSource::name).toList();
  }
}
