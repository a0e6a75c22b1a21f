package io.tributary.orchestrator.api;

import io.smallrye.mutiny.Uni;
import io.tributary.orchestrator.history.ProgressHistoryRepository;
import io.tributary.orchestrator.history.ProgressSample;
import io.tributary.orchestrator.state.MigrationRepository;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A migration's progress over its life, as the web UI's charts draw it. */
@Path("/migrations/{id}/history")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "migrations")
public class HistoryResource {
  private final ProgressHistoryRepository history;
  private final MigrationRepository migrations;
  private final Pool pool;

  public HistoryResource(
      ProgressHistoryRepository history, MigrationRepository migrations, Pool pool) {
    this.history = history;
    this.migrations = migrations;
    this.pool = pool;
  }

  @GET
  @Operation(
      summary = "A migration's progress over time",
      description =
          "The samples of what GET /migrations/{id} showed, oldest first, one per metrics interval"
              + " while the migration was active (tributary.orchestrator.metrics-interval), at"
              + " most tributary.orchestrator.history-samples of them (older ones thinned): per"
              + " table the records applied, apply lag, rejected rows and latest validation; per"
              + " source the WAL its slot held back.")
  @APIResponse(responseCode = "404", ref = SharedResponses.NO_MIGRATION)
  public Uni<List<ProgressSample>> history(@PathParam("id") String id) {
    return migrations.get(pool, id).chain(() -> history.read(id));
  }
}
