package io.tributary.orchestrator.api;

import io.tributary.common.control.MigrationState;
import java.util.List;

/**
 * The answer to an accepted plan.
 *
 * @param id the migration's id
 * @param state its state after provisioning
 * @param notes what the automatic rules decided and what is not migrated (full-text tables, say),
 *     per source, as the dry run lists them
 */
public record CreatedMigration(String id, MigrationState state, List<String> notes) {}
