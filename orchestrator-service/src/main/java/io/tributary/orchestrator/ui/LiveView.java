package io.tributary.orchestrator.ui;

import io.tributary.orchestrator.cutover.CutoverReport;
import io.tributary.orchestrator.state.AuditEvent;
import io.tributary.orchestrator.state.MigrationDetail;
import java.util.List;

/**
 * What the live view of a migration sends each time: the migration as {@code GET /migrations/{id}}
 * shows it, its latest cutover with its steps, and the newest entries of its audit log.
 *
 * @param migration the migration, its sources and tables
 * @param cutover the latest cutover, null when there was none
 * @param events the newest audit entries, newest first (at most 50)
 * @param operator who the page is signed in as ({@code anonymous} on an open loopback read)
 */
public record LiveView(
    MigrationDetail migration, CutoverReport cutover, List<AuditEvent> events, String operator) {}
