package io.tributary.orchestrator.cutover;

import io.tributary.common.control.CutoverOutcome;
import io.tributary.common.plan.PostgresUrl;
import java.time.OffsetDateTime;

/**
 * A row of {@code tributary.cutovers}.
 *
 * @param id the cutover
 * @param migration its migration
 * @param requestedBy the operator who asked
 * @param reason why, as the operator gave it (may be null)
 * @param requestedAt when
 * @param step the step under way, or the last one reached ({@code prepare} ... {@code switch},
 *     {@code rollback}, {@code done})
 * @param frozenJson what the freeze did (or was about to do) per source, as JSON
 * @param frozenAt when the freeze began: the write pause starts here
 * @param switchStartedAt when the switch began: from here on the cutover no longer rolls back
 * @param switchedAt when the switch ended: the write pause ends here
 * @param writePauseMs {@code switchedAt - frozenAt}, or from the freeze to the rollback
 * @param finishedAt when the cutover ended (null: under way)
 * @param outcome {@code cut_over}, {@code rolled_back} or {@code failed}; null while under way
 * @param detail why it ended so, in words an operator can act on
 */
public record Cutover(
    long id,
    String migration,
    String requestedBy,
    String reason,
    OffsetDateTime requestedAt,
    String step,
    String frozenJson,
    OffsetDateTime frozenAt,
    OffsetDateTime switchStartedAt,
    OffsetDateTime switchedAt,
    Long writePauseMs,
    OffsetDateTime finishedAt,
    CutoverOutcome outcome,
    String detail) {

  /**
   * The row as answers show it: no password of a URL or connection string in what it quotes (its
   * freeze record, its detail, its reason), for rows recorded before the records left them out.
   * Never used to undo a freeze: that needs the record as it is.
   */
  public Cutover redacted() {
    return new Cutover(
        id,
        migration,
        requestedBy,
        PostgresUrl.redactAll(reason),
        requestedAt,
        step,
        PostgresUrl.redactAll(frozenJson),
        frozenAt,
        switchStartedAt,
        switchedAt,
        writePauseMs,
        finishedAt,
        outcome,
        PostgresUrl.redactAll(detail));
  }
}
