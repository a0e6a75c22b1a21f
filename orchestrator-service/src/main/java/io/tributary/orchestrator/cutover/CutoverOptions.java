package io.tributary.orchestrator.cutover;

/**
 * What an operator chose for one cutover, beyond the plan.
 *
 * @param full the final gate compares every row of every table, not only the rows changed after the
 *     cutover's position P (a pause that grows with the data)
 * @param acceptRejects the cutover may leave open rejects behind: rows apply could not write, which
 *     exist only in the source. Without it, a cutover with open rejects is refused at its start and
 *     fails its final gate when rejects appeared while it drained
 */
public record CutoverOptions(boolean full, boolean acceptRejects) {
  /** The defaults: the changed rows only, no open reject left behind. */
  public static final CutoverOptions DEFAULTS = new CutoverOptions(false, false);
}
