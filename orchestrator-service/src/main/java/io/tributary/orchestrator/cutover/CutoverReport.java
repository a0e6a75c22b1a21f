package io.tributary.orchestrator.cutover;

import io.tributary.common.control.CutoverOutcome;
import io.tributary.common.plan.PostgresUrl;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A cutover as the API shows it ({@code GET /migrations/{id}/cutover}).
 *
 * @param writePauseMs from the freeze to the switch (or to the rollback): how long the applications
 *     could not write
 * @param steps each step's outcome and duration, in order
 */
public record CutoverReport(
    long id,
    String migration,
    String requestedBy,
    String reason,
    OffsetDateTime requestedAt,
    String step,
    CutoverOutcome outcome,
    String detail,
    OffsetDateTime frozenAt,
    OffsetDateTime switchedAt,
    Long writePauseMs,
    OffsetDateTime finishedAt,
    List<CutoverStepReport> steps) {

  static CutoverReport of(Cutover c, List<CutoverStepReport> steps) {
    return new CutoverReport(
        c.id(),
        c.migration(),
        c.requestedBy(),
        c.reason(),
        c.requestedAt(),
        c.step(),
        c.outcome(),
        PostgresUrl.redactAll(c.detail()),
        c.frozenAt(),
        c.switchedAt(),
        c.writePauseMs(),
        c.finishedAt(),
        steps);
  }
}
