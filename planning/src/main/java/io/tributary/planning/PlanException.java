package io.tributary.planning;

import io.tributary.common.plan.PlanError;
import java.util.List;
import java.util.stream.Collectors;

/** A plan that cannot be accepted; carries every problem found, each naming its field. */
public class PlanException extends RuntimeException {
  private final transient List<PlanError> errors;

  public PlanException(List<PlanError> errors) {
    super(
        "Invalid migration plan: "
            + errors.stream().map(PlanError::toString).collect(Collectors.joining("; ")));
    this.errors = List.copyOf(errors);
  }

  public PlanException(String field, String message) {
    this(List.of(new PlanError(field, message)));
  }

  public List<PlanError> errors() {
    return errors;
  }
}
