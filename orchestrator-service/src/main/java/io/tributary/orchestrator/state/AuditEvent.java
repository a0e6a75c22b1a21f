package io.tributary.orchestrator.state;

import io.tributary.common.control.MigrationState;
import java.time.OffsetDateTime;

/**
 * A row of the audit log {@code tributary.events}.
 *
 * @param id its position in the log (ascending with time)
 * @param at when it was recorded
 * @param from the state before, null for the migration's creation
 * @param to the state after
 * @param actor who made the change
 * @param reason why (for a cutover step: what it did, or why it failed)
 * @param cutover the cutover this event belongs to, null for other changes
 * @param step the cutover step ({@code freeze}, ...) or operator action ({@code pause}, {@code
 *     resume}) recorded without a change of state; null for state changes
 * @param durationMs how long the step took
 */
public record AuditEvent(
    long id,
    OffsetDateTime at,
    MigrationState from,
    MigrationState to,
    String actor,
    String reason,
    Long cutover,
    String step,
    Long durationMs) {}
