package io.tributary.orchestrator.state;

import io.tributary.common.control.MigrationState;
import java.time.OffsetDateTime;

/**
 * A row of {@code tributary.migrations}, without its plan.
 *
 * @param id the migration's id (the plan's {@code migration})
 * @param state its current state
 * @param stateReason why it is in that state
 * @param createdAt when the plan was accepted
 * @param updatedAt when its state last changed
 */
public record MigrationRecord(
    String id,
    MigrationState state,
    String stateReason,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt) {}
