package io.tributary.orchestrator.cutover;

import io.tributary.common.plan.CutoverPlan;
import io.tributary.common.plan.CutoverStep;
import io.tributary.orchestrator.step.StoppableRun;
import io.tributary.source.spi.freeze.CutoverSource;
import io.tributary.source.spi.freeze.FrozenSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

/**
 * A cutover this process runs: what its steps share (the plan, the sources, what the freeze did,
 * the fences of the position P and of the freeze) and how an operator stops it. The steps run one
 * after another on the cutover's thread; {@link #requestRollback} comes from an operator's thread.
 */
final class CutoverRun extends PlannedRun implements StoppableRun {
  private final CutoverOptions options;

  private final List<FrozenSource> frozen = new ArrayList<>();
  private final List<String> stillFrozen = new ArrayList<>();
  private final List<String> switchFailures = new ArrayList<>();
  private List<Long> position = List.of();
  private List<Long> fences = List.of();
  private Future<?> step;
  private boolean switching;
  private String rollbackBy;
  private String rollbackReason;

  /**
   * @param by who asked for the cutover (the orchestrator, for one taken up after a restart)
   * @param options what the operator chose (the plan's {@code final-validation: full} already
   *     folded into {@link CutoverOptions#full()})
   */
  CutoverRun(
      String by,
      CutoverOptions options,
      Cutover cutover,
      CutoverPlan plan,
      List<CutoverSource> sources) {
    super(by, cutover, plan, sources);
    this.options = options;
  }

  /** The final gate compares every row, not only the rows changed after P. */
  boolean full() {
    return options.full();
  }

  /** The cutover may leave open rejects behind. */
  boolean acceptRejects() {
    return options.acceptRejects();
  }

  @Override
  public String sequence() {
    return "cutover";
  }

  /** The source named {@code name}. */
  CutoverSource source(String name) {
    return sources().stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new CutoverStepException("the migration has no source '" + name + "'"));
  }

  /** What the freeze did, or is about to do, per source: what a rollback undoes. */
  synchronized List<FrozenSource> frozen() {
    return List.copyOf(frozen);
  }

  synchronized void frozen(List<FrozenSource> now) {
    frozen.clear();
    frozen.addAll(now);
  }

  /** The fences of the position P the precutover verification compared at (prepare). */
  synchronized List<Long> position() {
    return position;
  }

  synchronized void position(List<Long> fences) {
    this.position = List.copyOf(fences);
  }

  /** The fences written under the freeze (fence), which drain and validate wait for. */
  synchronized List<Long> fences() {
    return fences;
  }

  synchronized void fences(List<Long> ids) {
    this.fences = List.copyOf(ids);
  }

  /** Sources a rollback could not make writable again. */
  synchronized List<String> stillFrozen() {
    return List.copyOf(stillFrozen);
  }

  synchronized void stillFrozen(String source) {
    stillFrozen.add(source);
  }

  /** Switch actions that failed after an earlier one took effect (finished by hand). */
  synchronized List<String> switchFailures() {
    return List.copyOf(switchFailures);
  }

  synchronized void switchFailure(String line) {
    switchFailures.add(line);
  }

  /** The plan's timeout of the step named {@code step}. */
  @Override
  public Duration timeout(String step) {
    for (CutoverStep s : CutoverStep.values()) {
      if (s.planName().equals(step)) {
        return plan().timeout(s);
      }
    }
    throw new IllegalArgumentException("no cutover step " + step);
  }

  /** A cancelled step stops within the rollback's timeout. */
  @Override
  public Duration stopGrace() {
    return plan().timeout(CutoverStep.ROLLBACK);
  }

  /** The step running now, which a rollback request cancels. */
  @Override
  public synchronized void step(Future<?> running) {
    this.step = running;
  }

  /**
   * Asks the cutover to roll back: the step running is cancelled and no later step starts.
   *
   * @return false when the switch has begun (the cutover then finishes rather than rolls back)
   */
  synchronized boolean requestRollback(String who, String reason) {
    if (switching) {
      return false;
    }
    rollbackBy = who;
    rollbackReason =
        "rolled back by " + who + (reason == null || reason.isBlank() ? "" : ": " + reason);
    if (step != null) {
      step.cancel(true);
    }
    return true;
  }

  /**
   * Marks the point of no return: from here on the cutover switches rather than rolls back.
   *
   * @throws CutoverStepException when a rollback was asked for first
   */
  synchronized void beginSwitch() {
    if (rollbackReason != null) {
      throw new CutoverStepException(rollbackReason);
    }
    switching = true;
  }

  synchronized boolean switching() {
    return switching;
  }

  @Override
  public boolean cancelled() {
    return rollbackReason() != null;
  }

  @Override
  public synchronized String rollbackReason() {
    return rollbackReason;
  }

  /**
   * Who the cutover's end is recorded as done by: whoever asked for the rollback, else {@link #by}.
   */
  synchronized String actor() {
    return rollbackBy != null ? rollbackBy : by();
  }
}
