package io.tributary.orchestrator.fallback;

import io.tributary.common.plan.CutoverPlan;
import io.tributary.orchestrator.cutover.Cutover;
import io.tributary.orchestrator.cutover.PlannedRun;
import io.tributary.source.spi.freeze.CutoverSource;
import java.util.ArrayList;
import java.util.List;

/**
 * A fallback this process runs: what its steps share (the plan, the sources, the target and what
 * its freeze did), what a rollback undoes (that freeze, the capture resume request, the window's
 * suspension) and the steps' report. The steps run one after another on the caller's thread.
 */
final class FallbackRun extends PlannedRun {
  private final List<FallbackReport.Step> steps = new ArrayList<>();
  private final List<TargetFreeze.Frozen> frozen = new ArrayList<>();
  private String targetUrl;
  private List<String> targetTables = List.of();
  private boolean resumeRequested;
  private boolean windowSuspended;

  /**
   * @param by who asked for the fallback ({@code tributary}, for one taken up after a restart)
   * @param fallback its row in {@code tributary.cutovers}
   */
  FallbackRun(String by, Cutover fallback, CutoverPlan plan, List<CutoverSource> sources) {
    super(by, fallback, plan, sources);
  }

  /**
   * A fallback an earlier run left under way: its target's freeze as it recorded it, and its
   * capture resume request and window suspension, which it may have made, undone as well.
   */
  static FallbackRun leftOver(
      Cutover fallback,
      CutoverPlan plan,
      List<CutoverSource> sources,
      List<TargetFreeze.Frozen> frozen) {
    FallbackRun run = new FallbackRun("tributary", fallback, plan, sources);
    run.frozen.addAll(frozen);
    run.resumeRequested = true;
    run.windowSuspended = true;
    return run;
  }

  @Override
  public String sequence() {
    return "fallback";
  }

  /** {@code fallback 9}: the reason of the window's suspension, and how details name it. */
  String title() {
    return "fallback " + id();
  }

  /** The target with Tributary's credentials and the migration's target tables, as it began. */
  void target(String url, List<String> tables) {
    this.targetUrl = url;
    this.targetTables = List.copyOf(tables);
  }

  String targetUrl() {
    return targetUrl;
  }

  List<String> targetTables() {
    return targetTables;
  }

  /** What the target's freeze did, or began to do: what a rollback undoes. */
  List<TargetFreeze.Frozen> frozen() {
    return List.copyOf(frozen);
  }

  /** A part of the target's freeze about to act (one that fails half-way is undone too). */
  void freezing(TargetFreeze.Frozen part) {
    frozen.add(part);
  }

  boolean resumeRequested() {
    return resumeRequested;
  }

  /** The sources' change capture was asked to be installed again: a rollback cancels that. */
  void resumeRequested(boolean requested) {
    this.resumeRequested = requested;
  }

  boolean windowSuspended() {
    return windowSuspended;
  }

  /** The window stopped writing back: a rollback reopens it. */
  void windowSuspended(boolean suspended) {
    this.windowSuspended = suspended;
  }

  /** Each step so far: its name, how long it took, what it did. */
  List<FallbackReport.Step> steps() {
    return List.copyOf(steps);
  }

  void step(FallbackReport.Step step) {
    steps.add(step);
  }
}
