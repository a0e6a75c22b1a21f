package io.tributary.orchestrator.command;

import io.tributary.common.control.MigrationState;

/**
 * What an operator command did: the answer of the REST call, and of a {@code tributary.commands}
 * event on {@code tributary.status}.
 *
 * @param migration the migration
 * @param command {@code cutover}, {@code rollback}, {@code pause} or {@code resume}
 * @param state the migration's state after the command was taken
 * @param cutover the cutover concerned, null for pause and resume
 * @param message what happens now
 */
public record CommandOutcome(
    String migration, String command, MigrationState state, Long cutover, String message) {}
