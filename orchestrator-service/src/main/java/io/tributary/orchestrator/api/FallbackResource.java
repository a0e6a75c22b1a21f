package io.tributary.orchestrator.api;

import io.smallrye.common.annotation.Blocking;
import io.tributary.auth.OperatorIdentity;
import io.tributary.orchestrator.OrchestratorConfig;
import io.tributary.orchestrator.command.CommandReason;
import io.tributary.orchestrator.cutover.Cutover;
import io.tributary.orchestrator.cutover.CutoverRepository;
import io.tributary.orchestrator.fallback.FallbackCoordinator;
import io.tributary.orchestrator.fallback.FallbackFinisher;
import io.tributary.orchestrator.fallback.FallbackRehearsal;
import io.tributary.orchestrator.state.MigrationRepository;
import io.tributary.orchestrator.validation.PostSwitchResults;
import io.tributary.orchestrator.validation.PostSwitchSummary;
import io.tributary.orchestrator.window.FallbackWindow;
import io.tributary.orchestrator.window.FallbackWindows;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The fallback window after a cutover: its state, a fallback, its end. */
@Path("/migrations/{id}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "fallback")
public class FallbackResource {
  private final FallbackCoordinator coordinator;
  private final FallbackRehearsal rehearsal;
  private final FallbackFinisher finisher;
  private final FallbackWindows windows;
  private final CutoverRepository journal;
  private final MigrationRepository migrations;
  private final Pool pool;
  private final OrchestratorConfig config;
  private final OperatorIdentity actor;
  private final PostSwitchResults postSwitch;

  public FallbackResource(
      FallbackCoordinator coordinator,
      FallbackRehearsal rehearsal,
      FallbackFinisher finisher,
      FallbackWindows windows,
      CutoverRepository journal,
      MigrationRepository migrations,
      Pool pool,
      OrchestratorConfig config,
      OperatorIdentity actor,
      PostSwitchResults postSwitch) {
    this.postSwitch = postSwitch;
    this.coordinator = coordinator;
    this.rehearsal = rehearsal;
    this.finisher = finisher;
    this.windows = windows;
    this.journal = journal;
    this.migrations = migrations;
    this.pool = pool;
    this.config = config;
    this.actor = actor;
  }

  /**
   * The fallback window and the latest fallback.
   *
   * @param migration the migration
   * @param state its state
   * @param window the window, null when the migration never had one
   * @param latestFallback the newest fallback, null when there was none
   * @param postSwitch the newest post-switch verification, null when none was asked for
   */
  public record FallbackView(
      String migration,
      String state,
      FallbackWindow window,
      Object latestFallback,
      PostSwitchSummary postSwitch) {}

  /**
   * What a finish did.
   *
   * @param migration the migration
   * @param state FINISHED
   * @param detail what happened
   */
  public record Finished(String migration, String state, String detail) {}

  @GET
  @Path("/fallback")
  @Blocking
  @Operation(
      summary = "The fallback window",
      description =
          "Whether the target's changes are being written back into the sources, how far (the"
              + " target WAL position, changes, the lag in bytes), reverse rejects, when the"
              + " window ends, the newest fallback with its write pause, and the newest"
              + " post-switch verification (the frozen sources compared with the target; a"
              + " difference comes with a recommendation to fall back).")
  @APIResponse(responseCode = "200", description = "the window")
  @APIResponse(responseCode = "404", description = "no such migration")
  public FallbackView window(@PathParam("id") String id) {
    var record = migrations.get(pool, id).await().atMost(config.databaseTimeout());
    return new FallbackView(
        id,
        record.state().name(),
        windows.window(id).orElse(null),
        journal
            .latestFallback(pool, id, config.databaseTimeout())
            .map(Cutover::redacted)
            .orElse(null),
        postSwitch.newest(pool, id, config.databaseTimeout()).orElse(null));
  }

  @POST
  @Path("/fallback")
  @Blocking
  @Operation(
      summary = "Fall back to the sources",
      description =
          "A cutover backwards, within the fallback window: compare the rows written back since"
              + " the last round of validation in reverse (the target still live), freeze the"
              + " target schemas (PgBouncer PAUSE, else their writers' roles read-only), wait until"
              + " every change made on the target is written back into the sources, count every"
              + " table and compare the rows written back since that round, install the"
              + " sources' change capture again, run the switch actions backwards, unfreeze the"
              + " sources: FELL_BACK, replicating from the sources again. Any failure before the"
              + " switch back leaves the target live (CUT_OVER). Answers when it is done.")
  @APIResponse(
      responseCode = "200",
      description =
          "the fallback's report (fell_back or rolled_back); check=true: the rehearsal's checks")
  @APIResponse(responseCode = "404", description = "no such migration")
  @APIResponse(
      responseCode = "409",
      description = "not CUT_OVER, no open window, or the write-back is failing")
  public Response fallback(
      @PathParam("id") String id,
      @Parameter(
              description =
                  "true: a rehearsal. Nothing is frozen or started; the answer says whether every"
                      + " step could run: the state, the window and its write-back, the latest"
                      + " validation in reverse, the target's freeze (PgBouncer's admin console,"
                      + " the writer roles), each source's freeze access, each switch action's"
                      + " target")
          @QueryParam("check")
          boolean check,
      CutoverResource.CommandRequest body) {
    if (check) {
      return Response.ok(rehearsal.rehearse(id)).build();
    }
    return Response.ok(
            coordinator.fallBack(
                id, actor.name(), CommandReason.storable(body == null ? null : body.reason())))
        .build();
  }

  @POST
  @Path("/finish")
  @Blocking
  @Operation(
      summary = "End the fallback window",
      description =
          "CUT_OVER → FINISHED: nothing is written back into the sources any more, the window's"
              + " slot and publication on the target are dropped. The window ends so by itself"
              + " when its time (cutover.fallback.window) runs out.")
  @APIResponse(responseCode = "200", description = "finished")
  @APIResponse(responseCode = "404", description = "no such migration")
  @APIResponse(responseCode = "409", description = "not CUT_OVER")
  public Finished finish(@PathParam("id") String id, CutoverResource.CommandRequest body) {
    String detail =
        finisher.finish(
            id, actor.name(), CommandReason.storable(body == null ? null : body.reason()));
    return new Finished(id, "FINISHED", detail);
  }
}
