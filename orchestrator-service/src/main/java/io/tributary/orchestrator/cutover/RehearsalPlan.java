package io.tributary.orchestrator.cutover;

import io.tributary.common.plan.CutoverPlan;
import io.tributary.common.plan.CutoverStep;
import io.tributary.source.spi.freeze.CutoverSource;
import java.time.Duration;
import java.util.List;

/**
 * What a cutover's or a fallback's rehearsal checks the steps against: the migration's plan and its
 * sources, as a cutover freezes them.
 *
 * @param plan the migration's cutover plan
 * @param sources the migration's sources
 */
public record RehearsalPlan(CutoverPlan plan, List<CutoverSource> sources) {
  public RehearsalPlan {
    sources = List.copyOf(sources);
  }

  /** How long a freeze may wait ({@link CutoverStep#FREEZE}). */
  public Duration freezeWait() {
    return plan.timeout(CutoverStep.FREEZE);
  }
}
