package io.tributary.orchestrator.api;

import io.tributary.common.control.MigrationState;

/**
 * The answer to an accepted plan.
 *
 * @param id the migration's id
 * @param state its state after provisioning
 */
public record CreatedMigration(String id, MigrationState state) {}
