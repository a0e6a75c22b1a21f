package io.tributary.orchestrator.cutover;

import io.tributary.common.control.CutoverOutcome;
import io.tributary.common.plan.PostgresUrl;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A cutover as the API shows it ({@code GET /migrations/{id}/cutover}).
 *
 * @param writePauseMs from the freeze to the switch (or to the rollback): how long the applications
 *     could not write (PgBouncer: its {@code PAUSE} to its {@code RESUME} lie within)
 * @param sourceLockMs the longest time one of the cutover's reads of a source held a lock its
 *     writers wait on, from the request to the end (a SQLite file in a rollback-journal mode: the
 *     precutover verification, its catch-up rounds and the gate, in short transactions); null when
 *     no read held one (WAL files, PostgreSQL)
 * @param applicationPauseMs the longest an application of a source waited on the cutover, as it
 *     sees it: the write pause, or a commit held by a read before the freeze if that was longer
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
    Long sourceLockMs,
    Long applicationPauseMs,
    OffsetDateTime finishedAt,
    List<CutoverStepReport> steps) {

  static CutoverReport of(Cutover c, Long sourceLockMs, List<CutoverStepReport> steps) {
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
        sourceLockMs,
        applicationPause(c.writePauseMs(), sourceLockMs),
        c.finishedAt(),
        steps);
  }

  /** The longer of the write pause and the longest read lock; null when neither is known. */
  static Long applicationPause(Long writePauseMs, Long sourceLockMs) {
    if (writePauseMs == null) {
      return sourceLockMs;
    }
    return sourceLockMs == null ? writePauseMs : Math.max(writePauseMs, sourceLockMs);
  }
}
