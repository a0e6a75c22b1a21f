package io.tributary.orchestrator.api;

import io.smallrye.common.annotation.Blocking;
import io.tributary.auth.OperatorIdentity;
import io.tributary.orchestrator.lifecycle.TableResyncs;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Reading one table of a migration again. */
@Path("/migrations/{id}/tables/{table}/resync")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "migrations")
public class TableResyncResource {
  private final TableResyncs resyncs;
  private final OperatorIdentity operator;

  public TableResyncResource(TableResyncs resyncs, OperatorIdentity operator) {
    this.resyncs = resyncs;
    this.operator = operator;
  }

  @POST
  @Blocking
  @Operation(
      summary = "Resync one table",
      description =
          "A fresh snapshot of one table: capture reads it again from its first row as a new"
              + " snapshot generation (apply empties the target table first) while the source's"
              + " other tables stream on; GET /migrations/{id} shows the table loading again,"
              + " and it is compared by continuous validation once its snapshot is done."
              + " SQLite and Chroma sources; refused for PostgreSQL sources (not supported yet),"
              + " while cutting over, and for a target table other tables reference by foreign"
              + " keys.")
  @APIResponse(
      responseCode = "202",
      description = "Requested; capture starts reading the table within a few seconds",
      content = @Content(schema = @Schema(implementation = TableResyncs.Requested.class)))
  @APIResponse(
      responseCode = "400",
      description = "No such table, or a name several sources share (give ?source=)",
      content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
  @APIResponse(responseCode = "404", ref = SharedResponses.NO_MIGRATION)
  @APIResponse(
      responseCode = "409",
      description = "Not now: the state, the source's kind or foreign keys (the error says)",
      content = @Content(schema = @Schema(implementation = ConflictResponse.class)))
  public Response resync(
      @PathParam("id") String id,
      @Parameter(description = "The source table (tasks, or public.tasks), or target schema.table")
          @PathParam("table")
          String table,
      @Parameter(description = "The source, when several have a table of this name")
          @QueryParam("source")
          String source) {
    return Response.accepted(resyncs.request(id, table, source, operator.name())).build();
  }
}
