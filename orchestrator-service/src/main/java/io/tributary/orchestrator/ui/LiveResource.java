package io.tributary.orchestrator.ui;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.tributary.auth.NeedsCredential;
import io.tributary.auth.OperatorAuthFilter;
import io.tributary.auth.OperatorIdentity;
import io.tributary.orchestrator.OrchestratorConfig;
import io.tributary.orchestrator.cutover.CutoverCoordinator;
import io.tributary.orchestrator.state.AuditEvent;
import io.tributary.orchestrator.state.AuditLogRepository;
import io.tributary.orchestrator.state.MigrationDetails;
import io.tributary.orchestrator.state.MigrationRepository;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * The live view of a migration as server-sent events: the web UI's migration page follows it, so
 * progress, lag, validation and each cutover step show up without reloading.
 */
@Path("/migrations/{id}/live")
@Tag(name = "migrations")
public class LiveResource {
  private static final int EVENTS = 50;

  private final MigrationDetails details;
  private final CutoverCoordinator cutovers;
  private final AuditLogRepository auditLog;
  private final Pool pool;
  private final OrchestratorConfig config;
  private final OperatorIdentity operator;
  private final MigrationRepository migrations;
  private final LiveStreams streams;

  public LiveResource(
      MigrationRepository migrations,
      MigrationDetails details,
      CutoverCoordinator cutovers,
      AuditLogRepository auditLog,
      Pool pool,
      OrchestratorConfig config,
      OperatorIdentity operator,
      LiveStreams streams) {
    this.streams = streams;
    this.migrations = migrations;
    this.details = details;
    this.cutovers = cutovers;
    this.auditLog = auditLog;
    this.pool = pool;
    this.config = config;
    this.operator = operator;
  }

  @GET
  @Blocking
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @RestStreamElementType(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Follow a migration live",
      description =
          "Server-sent events, one every tributary.orchestrator.live-interval (1 s): {migration"
              + " (as GET /migrations/{id}), cutover (the latest, with its steps), events (the"
              + " newest 50 of the audit log, newest first), operator}. Ends when the client"
              + " goes; 404 for a migration that does not exist. Needs a credential even where"
              + " reads from loopback are open; at most"
              + " tributary.orchestrator.live-streams-per-client (4) streams per operator and"
              + " remote address, 429 beyond.")
  @NeedsCredential
  @APIResponse(
      responseCode = "429",
      description = "this client (operator and remote address) already follows the most streams")
  public Multi<LiveView> live(@PathParam("id") String id, @Context HttpServerRequest http) {
    String who = operator.name();
    String client = who + " from " + OperatorAuthFilter.address(http);
    LiveStreams.Permit permit =
        streams
            .open(client)
            .orElseThrow(
                () ->
                    new WebApplicationException(
                        Response.status(OperatorAuthFilter.TOO_MANY_REQUESTS)
                            .type(MediaType.APPLICATION_JSON_TYPE)
                            .entity(
                                Map.of(
                                    "error",
                                    "too many live streams: "
                                        + client
                                        + " already follows "
                                        + streams.perClient()
                                        + " (tributary.orchestrator.live-streams-per-client);"
                                        + " close a page of the web UI, or raise the setting"))
                            .build()));
    try {
      migrations.get(pool, id).await().atMost(config.databaseTimeout()); // 404 before the stream
    } catch (RuntimeException e) {
      permit.release();
      throw e;
    }
    return Multi.createFrom()
        .ticks()
        .every(config.liveInterval())
        .onOverflow()
        .drop()
        .onItem()
        .transformToUniAndConcatenate(tick -> view(id, who))
        .onTermination()
        .invoke(permit::release);
  }

  private Uni<LiveView> view(String id, String who) {
    return details
        .get(id)
        .chain(
            detail ->
                auditLog
                    .list(pool, id)
                    .chain(
                        events ->
                            Uni.createFrom()
                                .item(() -> cutovers.latest(id).orElse(null))
                                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                                .map(
                                    cutover ->
                                        new LiveView(detail, cutover, newest(events), who))));
  }

  private static List<AuditEvent> newest(List<AuditEvent> events) {
    List<AuditEvent> out =
        new ArrayList<>(events.subList(Math.max(0, events.size() - EVENTS), events.size()));
    Collections.reverse(out);
    return out;
  }
}
