package io.tributary.orchestrator.window;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A migration's fallback window as the API shows it ({@code GET /migrations/{id}/fallback}).
 *
 * @param slot the logical slot on the target that the write-back reads
 * @param publication the publication of the migration's target tables
 * @param cutover the cutover that opened it
 * @param openedAt when it was opened (before that cutover's freeze)
 * @param switchLsn the target's position when the switch began: later changes are written back
 * @param endsAt when it ends by itself (null until the migration is CUT_OVER)
 * @param appliedLsn how far the write-back got in the target's WAL
 * @param appliedAt when it last wrote a batch back
 * @param appliedChanges changes written back (or rejected) so far
 * @param appliedFence the last fence written back with everything before it
 * @param lagBytes how much of the target's WAL the slot holds back (the write-back's lag)
 * @param rejects changes that could not go back ({@code tributary.reverse_rejects})
 * @param changedRows distinct source rows written back so far
 * @param verifiedAt when validation in reverse last compared every table (the oldest table's
 *     round), null before the first
 * @param unverifiedRows rows written back since their table's last round of validation in reverse:
 *     what a fallback's gate would compare under the freeze
 * @param error why the write-back stopped, null while it works
 * @param errorAt since when
 * @param closedAt when the window was closed (finish, fallback, rollback, time out)
 * @param closedReason why
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FallbackWindow(
    String slot,
    String publication,
    Long cutover,
    String openedAt,
    String switchLsn,
    String endsAt,
    String appliedLsn,
    String appliedAt,
    Long appliedChanges,
    Long appliedFence,
    Long lagBytes,
    Long rejects,
    Long changedRows,
    String verifiedAt,
    Long unverifiedRows,
    String error,
    String errorAt,
    String closedAt,
    String closedReason) {

  /** True while changes are written back. */
  public boolean open() {
    return closedAt == null && switchLsn != null;
  }
}
