package io.tributary.orchestrator.api;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.tributary.auth.OperatorIdentity;
import io.tributary.common.control.MigrationState;
import io.tributary.common.plan.MigrationPlan;
import io.tributary.common.sql.BulkLoad;
import io.tributary.common.sql.FinalizeStep;
import io.tributary.common.sql.TableDdlBuilder;
import io.tributary.orchestrator.OrchestratorConfig;
import io.tributary.orchestrator.command.CommandReason;
import io.tributary.orchestrator.lifecycle.AbandonCleanup;
import io.tributary.orchestrator.lifecycle.AbandonReport;
import io.tributary.orchestrator.lifecycle.MigrationAbandoner;
import io.tributary.orchestrator.provision.MigrationProvisioner;
import io.tributary.orchestrator.provision.PlanIntake;
import io.tributary.orchestrator.provision.ProvisioningRequest;
import io.tributary.orchestrator.provision.ReplicaWriteCheck;
import io.tributary.orchestrator.provision.TargetExtensions;
import io.tributary.orchestrator.state.AuditEvent;
import io.tributary.orchestrator.state.AuditLogRepository;
import io.tributary.orchestrator.state.CommandRefused;
import io.tributary.orchestrator.state.MigrationDetail;
import io.tributary.orchestrator.state.MigrationDetails;
import io.tributary.orchestrator.state.MigrationRecord;
import io.tributary.orchestrator.state.MigrationRepository;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The operator API of migrations: submit a plan, follow its state and tables, read its audit log.
 */
@Path("/migrations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "migrations", description = "Migration plans, their state and their audit log")
public class MigrationResource {
  static final String YAML = "application/yaml";
  static final String X_YAML = "application/x-yaml";
  static final String TEXT_YAML = "text/yaml";

  private static final String PLAN_EXAMPLE =
      """
      migration: ai-pa
      sources:
        - name: agent-platform
          kind: sqlite
          path: data/agents.db
          schema: agent_platform
      """;

  private final PlanIntake intake;
  private final MigrationProvisioner provisioner;
  private final MigrationRepository migrations;
  private final AuditLogRepository auditLog;
  private final Pool pool;
  private final OrchestratorConfig config;
  private final MigrationDetails details;
  private final OperatorIdentity operator;
  private final MigrationAbandoner abandoner;
  private final AbandonCleanup abandonCleanup;

  public MigrationResource(
      PlanIntake intake,
      MigrationProvisioner provisioner,
      MigrationRepository migrations,
      AuditLogRepository auditLog,
      Pool pool,
      OrchestratorConfig config,
      MigrationDetails details,
      OperatorIdentity operator,
      MigrationAbandoner abandoner,
      AbandonCleanup abandonCleanup) {
    this.abandoner = abandoner;
    this.abandonCleanup = abandonCleanup;
    this.details = details;
    this.operator = operator;
    this.intake = intake;
    this.provisioner = provisioner;
    this.migrations = migrations;
    this.auditLog = auditLog;
    this.pool = pool;
    this.config = config;
  }

  /** Validates, records and provisions a plan, then starts it (reads files: runs on a worker). */
  @POST
  @Blocking
  @Consumes({YAML, X_YAML, TEXT_YAML, MediaType.APPLICATION_JSON})
  @Operation(
      summary = "Submit a migration plan",
      description =
          "Validates the plan (YAML or JSON), reads its sources' catalogs, and in one transaction"
              + " records the migration, creates its target schemas and tables and moves it PLANNED"
              + " -> PROVISIONED -> SNAPSHOTTING, where capture picks it up. Relative SQLite paths"
              + " are resolved against tributary.orchestrator.sources-dir. target.url may be left"
              + " out; if given it must name this deployment's target database.")
  @RequestBody(
      required = true,
      description = "The migration plan",
      content = {
        @Content(mediaType = YAML, example = PLAN_EXAMPLE),
        @Content(mediaType = MediaType.APPLICATION_JSON)
      })
  @APIResponse(
      responseCode = "201",
      description = "Provisioned and started; Location names the migration",
      content = @Content(schema = @Schema(implementation = CreatedMigration.class)))
  @APIResponse(
      responseCode = "400",
      description = "The plan is refused; each error names its field",
      content = @Content(schema = @Schema(implementation = PlanErrorsResponse.class)))
  @APIResponse(
      responseCode = "409",
      description = "A migration with this id exists",
      content = @Content(schema = @Schema(implementation = ConflictResponse.class)))
  @APIResponse(
      responseCode = "200",
      description =
          "dryRun=true: the DDL provisioning would run and the casting notes; nothing done",
      content = @Content(schema = @Schema(implementation = DryRunResponse.class)))
  public Response create(
      String planText,
      @Context UriInfo uriInfo,
      @Parameter(description = "Only check the plan and print the DDL; record and create nothing")
          @QueryParam("dryRun")
          @DefaultValue("false")
          boolean dryRun) {
    MigrationPlan parsed = intake.parse(planText);
    String id = parsed.migration();
    if (dryRun) {
      ProvisioningRequest request = prepare(planText, parsed);
      return Response.ok(
              new DryRunResponse(
                  id,
                  request.ddl(),
                  ReplicaWriteCheck.notes(pool, request).await().atMost(config.databaseTimeout()),
                  request.tables().stream()
                      .filter(BulkLoad::eligible)
                      .map(TableDdlBuilder::addKey)
                      .toList(),
                  request.finalizeSteps().stream().map(FinalizeStep::statement).toList(),
                  request.objects()))
          .build();
    }
    migrations
        .find(pool, id)
        .await()
        .atMost(config.databaseTimeout())
        .ifPresent(abandoner::forgetForResubmission);
    ProvisioningRequest request = prepare(planText, parsed);
    MigrationRecord created =
        provisioner.provision(request, operator.name()).await().atMost(config.databaseTimeout());
    List<String> notes =
        ReplicaWriteCheck.notes(pool, request).await().atMost(config.databaseTimeout());
    return Response.created(uriInfo.getAbsolutePathBuilder().path(id).build())
        .entity(new CreatedMigration(created.id(), created.state(), notes))
        .build();
  }

  /**
   * The plan's sources read and checked, with the extensions their objects need checked against the
   * target (one its server lacks is a 400) and made first where the database lacks them.
   */
  private ProvisioningRequest prepare(String planText, MigrationPlan parsed) {
    return TargetExtensions.apply(pool, intake.prepare(planText, parsed))
        .await()
        .atMost(config.databaseTimeout());
  }

  /** Every migration, oldest first. */
  @GET
  @Operation(
      summary = "List migrations",
      description = "Every migration with its state, oldest first.")
  public Uni<List<MigrationSummary>> list() {
    return details.list().map(all -> all.stream().map(MigrationSummary::of).toList());
  }

  /** One migration and its tables. */
  @GET
  @Path("/{id}")
  @Operation(
      summary = "Get a migration",
      description =
          "The migration's state and, per table: snapshot progress, source and target rows of the"
              + " latest validation, rejected rows, and the latest validation.")
  @APIResponse(
      responseCode = "200",
      description = "The migration",
      content = @Content(schema = @Schema(implementation = MigrationDetail.class)))
  @APIResponse(responseCode = "404", ref = SharedResponses.NO_MIGRATION)
  public Uni<MigrationDetail> get(@PathParam("id") String id) {
    return details.get(id);
  }

  /** Abandons a migration: its capture stops, what it left behind is removed. */
  @DELETE
  @Path("/{id}")
  @Blocking
  @Operation(
      summary = "Abandon a migration",
      description =
          "Moves the migration to ABANDONED: capture and apply stop; cdc-service removes the"
              + " change capture from every source (SQLite triggers and change log, PostgreSQL"
              + " replication slot and publication); then the migration's topics are deleted"
              + " and, with dropTarget=true, its target schemas dropped (their roles are kept)."
              + " Waits up to tributary.orchestrator.abandon-wait for all of it: 200 when done,"
              + " 202 with what is still waited for (the orchestrator finishes it; GET"
              + " /migrations/{id}/abandon follows it). Once cleaned up, a plan may use the id"
              + " again; the audit log stays. Refused while a cutover is under way and after the"
              + " switch. Abandoning again retries an unfinished cleanup.")
  @APIResponse(
      responseCode = "200",
      description = "Abandoned and cleaned up",
      content = @Content(schema = @Schema(implementation = AbandonReport.class)))
  @APIResponse(
      responseCode = "202",
      description = "Abandoned; the cleanup goes on (waitingFor says for what)",
      content = @Content(schema = @Schema(implementation = AbandonReport.class)))
  @APIResponse(responseCode = "404", ref = SharedResponses.NO_MIGRATION)
  @APIResponse(
      responseCode = "409",
      description = "A cutover is under way, or the migration is cut over",
      content = @Content(schema = @Schema(implementation = ConflictResponse.class)))
  public Response abandon(
      @PathParam("id") String id,
      @Parameter(description = "Also drop the migration's target schemas and everything in them")
          @QueryParam("dropTarget")
          @DefaultValue("false")
          boolean dropTarget,
      @Parameter(description = "Why, for the audit log (at most 1,000 characters)")
          @QueryParam("reason")
          String reason) {
    AbandonReport report =
        abandoner.abandon(id, dropTarget, operator.name(), CommandReason.storable(reason));
    return Response.status(report.cleanedUp() ? Status.OK : Status.ACCEPTED).entity(report).build();
  }

  /** Where the abandon of a migration stands. */
  @GET
  @Path("/{id}/abandon")
  @Operation(
      summary = "Follow an abandon",
      description =
          "Per source whether its change capture is removed, the topics, the target schemas"
              + " left, and whether the cleanup is done (then the id may be used again).")
  @APIResponse(
      responseCode = "200",
      description = "The cleanup as it stands",
      content = @Content(schema = @Schema(implementation = AbandonReport.class)))
  @APIResponse(responseCode = "404", ref = SharedResponses.NO_MIGRATION)
  @APIResponse(
      responseCode = "409",
      description = "The migration is not abandoned",
      content = @Content(schema = @Schema(implementation = ConflictResponse.class)))
  @Blocking
  public AbandonReport abandonStatus(@PathParam("id") String id) {
    AbandonReport report = abandonCleanup.read(id);
    if (report.state() != MigrationState.ABANDONED) {
      throw new CommandRefused(
          id,
          report.state(),
          "migration '" + id + "' is " + report.state() + ", not abandoned: there is no cleanup");
    }
    return report;
  }

  /** The audit log of one migration. */
  @GET
  @Path("/{id}/events")
  @Operation(
      summary = "Get a migration's audit log",
      description = "Every state change of the migration (when, from, to, who, why), oldest first.")
  @APIResponse(responseCode = "404", ref = SharedResponses.NO_MIGRATION)
  public Uni<List<AuditEvent>> events(@PathParam("id") String id) {
    return migrations.get(pool, id).chain(() -> auditLog.list(pool, id));
  }
}
