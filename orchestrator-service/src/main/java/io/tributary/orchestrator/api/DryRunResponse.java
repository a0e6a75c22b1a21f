package io.tributary.orchestrator.api;

import io.tributary.orchestrator.provision.PlannedObject;
import java.util.List;

/**
 * What submitting a plan would do, without doing it ({@code POST /migrations?dryRun=true}).
 *
 * @param migration the plan's migration id
 * @param statements the DDL provisioning would run, in order, in one transaction
 * @param notes what the automatic casting rules decided or propose, per source
 * @param keyStatements the keys apply would build once each table's snapshot is in, for the tables
 *     whose snapshot goes in by COPY (made without their key: {@link
 *     io.tributary.common.sql.BulkLoad})
 * @param finalizeStatements what finalize would build after the load, in order
 * @param objects every object of the sources' schemas other than their tables (views, functions,
 *     triggers, rules, constraints, comments): made in the target, or not and why
 */
public record DryRunResponse(
    String migration,
    List<String> statements,
    List<String> notes,
    List<String> keyStatements,
    List<String> finalizeStatements,
    List<PlannedObject> objects) {}
