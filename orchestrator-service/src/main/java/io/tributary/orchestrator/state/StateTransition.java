package io.tributary.orchestrator.state;

import io.tributary.common.control.MigrationState;
import java.time.OffsetDateTime;

/**
 * One recorded state change of a migration: a row of {@code tributary.events} and, as JSON, the
 * value of its message on {@code tributary.status}.
 *
 * @param migration the migration's id
 * @param from the state before, null when the migration was created
 * @param to the state after
 * @param actor who made the change ({@code api}, {@code supervisor}, ...)
 * @param reason why, in words an operator can act on
 * @param at when it was recorded (the recording transaction's time)
 */
public record StateTransition(
    String migration,
    MigrationState from,
    MigrationState to,
    String actor,
    String reason,
    OffsetDateTime at) {}
