package io.tributary.orchestrator.api;

import io.smallrye.common.annotation.Blocking;
import io.tributary.auth.OperatorIdentity;
import io.tributary.orchestrator.command.CommandOutcome;
import io.tributary.orchestrator.command.OperatorCommands;
import io.tributary.orchestrator.cutover.CutoverCoordinator;
import io.tributary.orchestrator.cutover.CutoverOptions;
import io.tributary.orchestrator.cutover.CutoverRehearsal;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Cutover, rollback, pause and resume of a migration: the operator's commands. */
@Path("/migrations/{id}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "cutover")
public class CutoverResource {
  private final OperatorCommands commands;
  private final CutoverCoordinator coordinator;
  private final OperatorIdentity actor;
  private final CutoverRehearsal rehearsal;

  public CutoverResource(
      OperatorCommands commands,
      CutoverCoordinator coordinator,
      OperatorIdentity actor,
      CutoverRehearsal rehearsal) {
    this.rehearsal = rehearsal;
    this.commands = commands;
    this.coordinator = coordinator;
    this.actor = actor;
  }

  /**
   * The optional body of a command.
   *
   * @param reason why the operator gives it (recorded in the audit log; at most {@value
   *     io.tributary.orchestrator.command.CommandReason#MAX_LENGTH} characters, longer: 400)
   */
  public record CommandRequest(String reason) {}

  @POST
  @Path("/cutover")
  @Blocking
  @Operation(
      summary = "Cut over",
      description =
          "Starts a cutover: prepare (finalize what needs no frozen source, a fence P through"
              + " capture and apply, a precutover verification of every table at P), freeze the"
              + " sources' writes, fence and drain the change streams, the final gate (exact"
              + " counts, and the rows changed after P; every row with full=true), finalize,"
              + " switch the applications (the plan's cutover actions). Any failure or"
              + " timeout before the switch rolls back: sources writable again, replication goes"
              + " on (ROLLED_BACK). Answers at once; follow it with GET /migrations/{id}/cutover.")
  @APIResponse(responseCode = "202", description = "the cutover started")
  @APIResponse(
      responseCode = "200",
      description = "check=true: the rehearsal's checks; nothing was frozen")
  @APIResponse(responseCode = "404", description = "no such migration")
  @APIResponse(
      responseCode = "409",
      description =
          "refused: not REPLICATING or ROLLED_BACK, paused, a cutover under way, or a source that"
              + " cannot be frozen")
  public Response cutover(
      @PathParam("id") String id,
      @Parameter(
              description =
                  "true: the final gate compares every row of every table under the freeze (a"
                      + " pause that grows with the data) instead of the rows changed after the"
                      + " precutover verification")
          @QueryParam("full")
          boolean full,
      @Parameter(
              description =
                  "true: the cutover may leave open rejects behind (rows apply could not write,"
                      + " which exist only in the source); without it a migration with open"
                      + " rejects is refused (409), and rejects that appear while the cutover"
                      + " drains fail its final gate")
          @QueryParam("acceptRejects")
          boolean acceptRejects,
      @Parameter(
              description =
                  "true: a rehearsal. Nothing is frozen or started; the answer (200) says whether"
                      + " every step could run: the state, each source's freeze (access,"
                      + " privileges, PgBouncer's admin console and config file), a fence through"
                      + " capture and apply, the latest validations, each switch action's target")
          @QueryParam("check")
          boolean check,
      CommandRequest body) {
    if (check) {
      return Response.ok(rehearsal.rehearse(id, acceptRejects)).build();
    }
    return accepted(
        commands.cutover(id, actor.name(), reason(body), new CutoverOptions(full, acceptRejects)));
  }

  @GET
  @Path("/cutover")
  @Blocking
  @Operation(
      summary = "The latest cutover",
      description =
          "Its step, outcome (null while under way, cut_over, rolled_back, failed), detail, write"
              + " pause (freeze to switch, in ms) and every step with its duration.")
  @APIResponse(responseCode = "200", description = "the migration's newest cutover")
  @APIResponse(responseCode = "404", description = "no such migration, or it never had a cutover")
  public Response latest(@PathParam("id") String id) {
    return coordinator
        .latest(id)
        .map(r -> Response.ok(r).build())
        .orElseGet(
            () ->
                Response.status(Status.NOT_FOUND)
                    .entity(new ErrorResponse("migration '" + id + "' has had no cutover"))
                    .build());
  }

  @POST
  @Path("/rollback")
  @Blocking
  @Operation(
      summary = "Roll back the cutover under way",
      description =
          "Stops the running step and unfreezes the sources; refused once the switch has begun.")
  @APIResponse(responseCode = "202", description = "the rollback is under way")
  @APIResponse(responseCode = "409", description = "no cutover under way, or its switch began")
  public Response rollback(@PathParam("id") String id, CommandRequest body) {
    return accepted(commands.rollback(id, actor.name(), reason(body)));
  }

  @POST
  @Path("/pause")
  @Blocking
  @Operation(
      summary = "Pause capture",
      description =
          "cdc-service stops reading the migration's sources; their changes wait there (SQLite"
              + " change log, PostgreSQL slot) until resume. Refused while cutting over.")
  @APIResponse(responseCode = "200", description = "paused")
  @APIResponse(responseCode = "409", description = "not capturing, cutting over, or paused")
  public CommandOutcome pause(@PathParam("id") String id, CommandRequest body) {
    return commands.pause(id, actor.name(), reason(body));
  }

  @POST
  @Path("/resume")
  @Blocking
  @Operation(summary = "Resume capture", description = "Capture goes on from where it stopped.")
  @APIResponse(responseCode = "200", description = "resumed")
  @APIResponse(responseCode = "409", description = "not paused")
  public CommandOutcome resume(@PathParam("id") String id, CommandRequest body) {
    return commands.resume(id, actor.name(), reason(body));
  }

  private static Response accepted(CommandOutcome outcome) {
    return Response.status(Status.ACCEPTED).entity(outcome).build();
  }

  private static String reason(CommandRequest body) {
    return body == null ? null : body.reason();
  }
}
