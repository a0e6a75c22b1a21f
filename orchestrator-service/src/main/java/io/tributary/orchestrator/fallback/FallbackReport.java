package io.tributary.orchestrator.fallback;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What a fallback did ({@code POST /migrations/{id}/fallback}).
 *
 * @param migration the migration
 * @param fallback its id (a row of {@code tributary.cutovers} with direction {@code fallback})
 * @param state the migration's state afterwards: FELL_BACK, or CUT_OVER when it rolled back
 * @param outcome {@code fell_back}, {@code rolled_back} or {@code failed}
 * @param writePauseMs from the target's freeze to the switch back
 * @param steps each step: its name, how long it took, what it did
 * @param detail why it ended so
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FallbackReport(
    String migration,
    long fallback,
    String state,
    String outcome,
    Long writePauseMs,
    List<Step> steps,
    String detail) {

  /** One step of a fallback. */
  public record Step(String step, long durationMs, String detail) {}
}
