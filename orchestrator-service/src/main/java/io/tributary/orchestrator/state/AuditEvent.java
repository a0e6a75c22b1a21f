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
 * @param reason why
 */
public record AuditEvent(
    long id,
    OffsetDateTime at,
    MigrationState from,
    MigrationState to,
    String actor,
    String reason) {}
