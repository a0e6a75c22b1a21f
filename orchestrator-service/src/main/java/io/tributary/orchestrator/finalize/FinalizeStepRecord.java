package io.tributary.orchestrator.finalize;

import io.tributary.common.control.FinalizeStepState;
import io.tributary.common.sql.FinalizeStep.Kind;
import java.time.OffsetDateTime;

/**
 * One finalize step of a migration, with its latest outcome.
 *
 * @param position its place in finalize's order
 * @param kind what it builds ({@code UNIQUE}, {@code INDEX}, {@code IDENTITY}, {@code SEQUENCE},
 *     {@code FOREIGN_KEY}, {@code VALIDATE}, {@code ANALYZE})
 * @param table the target table
 * @param statement the SQL it runs
 * @param state {@code pending}, {@code done}, {@code failed} or {@code skipped} (foreign keys
 *     outside a cutover unless asked for)
 * @param detail why it failed or was skipped
 * @param durationMs how long its last run took
 * @param doneAt when it last ran
 */
public record FinalizeStepRecord(
    int position,
    Kind kind,
    String table,
    String statement,
    FinalizeStepState state,
    String detail,
    Long durationMs,
    OffsetDateTime doneAt) {}
