package io.tributary.orchestrator.api;

import io.smallrye.common.annotation.Blocking;
import io.tributary.common.plan.SourceKind;
import io.tributary.common.plan.SourceKindRules;
import io.tributary.orchestrator.OrchestratorConfig;
import io.tributary.orchestrator.rejects.RejectList;
import io.tributary.orchestrator.rejects.ReplayRepository;
import io.tributary.orchestrator.rejects.ReplayRequest;
import io.tributary.orchestrator.state.CommandRefused;
import io.tributary.orchestrator.state.MigrationNotFoundException;
import io.tributary.orchestrator.state.MigrationRepository;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Replays of rejected rows, once their cause is fixed. */
@Path("/migrations/{id}/rejects")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "migrations")
public class RejectsResource {
  private final ReplayRepository replays;
  private final MigrationRepository migrations;
  private final Pool pool;
  private final OrchestratorConfig config;

  private final RejectList rejectList;

  public RejectsResource(
      RejectList rejectList,
      ReplayRepository replays,
      MigrationRepository migrations,
      Pool pool,
      OrchestratorConfig config) {
    this.rejectList = rejectList;
    this.replays = replays;
    this.migrations = migrations;
    this.pool = pool;
    this.config = config;
  }

  @POST
  @Path("/replay")
  @Blocking
  @Operation(
      summary = "Replay rejects",
      description =
          "After the cause of rejects is fixed (a CHECK or a type changed in the target, a column"
              + " rule changed), cdc-service puts the rows of the open rejects back into their"
              + " source's change stream: each is read as it is now and written through the"
              + " current catalog, or rejected again with its new reason. SQLite sources only."
              + " 202 with the replay requests; GET .../rejects/replays shows their outcome.")
  public Response replay(
      @PathParam("id") String id,
      @Parameter(description = "Only this source (default: every SQLite source)")
          @QueryParam("source")
          String source,
      @Parameter(description = "Only this source table") @QueryParam("table") String table) {
    ensureExists(id);
    List<String[]> sources = replays.sources(pool, id).await().atMost(config.databaseTimeout());
    List<String[]> chosen =
        sources.stream().filter(s -> source == null || s[0].equals(source)).toList();
    if (chosen.isEmpty()) {
      return Response.status(Response.Status.BAD_REQUEST)
          .entity(new ErrorResponse("migration '" + id + "' has no source '" + source + "'"))
          .build();
    }
    List<String[]> replayable = chosen.stream().filter(s -> replaysRejects(s[1])).toList();
    if (replayable.isEmpty()) {
      return Response.status(Response.Status.BAD_REQUEST)
          .entity(
              new ErrorResponse(
                  "replaying rejects is supported for "
                      + String.join(
                          " and ",
                          Arrays.stream(SourceKind.values())
                              .filter(k -> SourceKindRules.of(k).replaysRejects())
                              .map(SourceKind::planName)
                              .toList())
                      + " sources only; "
                      + (source == null
                          ? "this migration has none"
                          : source + " is " + chosen.get(0)[1])))
          .build();
    }
    List<ReplayRequest> requested = new ArrayList<>();
    for (String[] s : replayable) {
      requested.add(
          replays.request(pool, id, s[0], table).await().atMost(config.databaseTimeout()));
    }
    return Response.accepted(requested).build();
  }

  @GET
  @Blocking
  @Operation(
      summary = "Rejects",
      description =
          "The rows apply could not write, newest first: source, table, where the record is in"
              + " Kafka, key, the row as it arrived (first 2,000 characters), the reason, and when"
              + " it was replayed. Open ones only unless replayed=true.")
  public List<RejectList.Reject> rejects(
      @PathParam("id") String id,
      @Parameter(description = "Only this source table's") @QueryParam("table") String table,
      @Parameter(description = "Also rejects replayed since")
          @QueryParam("replayed")
          @DefaultValue("false")
          boolean replayed,
      @Parameter(description = "At most this many (1 to 1000)")
          @QueryParam("limit")
          @DefaultValue("100")
          int limit) {
    ensureExists(id);
    if (limit < 1 || limit > 1000) {
      throw CommandRefused.badInput("limit must be between 1 and 1000, not " + limit);
    }
    return rejectList.list(id, table, replayed, limit, config.databaseTimeout());
  }

  @GET
  @Path("/replays")
  @Blocking
  @Operation(summary = "Replays", description = "Every replay of the migration with its outcome.")
  public List<ReplayRequest> list(@PathParam("id") String id) {
    ensureExists(id);
    return replays.list(pool, id).await().atMost(config.databaseTimeout());
  }

  /** Whether rejects of a source of this recorded kind can be replayed. */
  private static boolean replaysRejects(String kind) {
    return SourceKind.fromPlanName(kind)
        .map(k -> SourceKindRules.of(k).replaysRejects())
        .orElse(false);
  }

  private void ensureExists(String id) {
    if (migrations.find(pool, id).await().atMost(config.databaseTimeout()).isEmpty()) {
      throw new MigrationNotFoundException(id);
    }
  }
}
