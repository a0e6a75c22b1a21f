package io.tributary.common.plan;

/**
 * One problem found in a plan.
 *
 * @param field the path of the offending field, e.g. {@code sources[0].path}
 * @param message what is wrong with it, in words an operator can act on
 */
public record PlanError(String field, String message) {
  @Override
  public String toString() {
    return field + ": " + message;
  }
}
