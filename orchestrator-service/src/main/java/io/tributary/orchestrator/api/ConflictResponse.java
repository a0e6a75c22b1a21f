package io.tributary.orchestrator.api;

import io.tributary.common.control.MigrationState;

/**
 * A plan whose migration id is taken.
 *
 * @param error what went wrong
 * @param id the migration's id
 * @param state the existing migration's state
 */
public record ConflictResponse(String error, String id, MigrationState state) {}
