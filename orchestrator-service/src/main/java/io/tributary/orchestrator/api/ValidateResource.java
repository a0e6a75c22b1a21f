package io.tributary.orchestrator.api;

import io.smallrye.common.annotation.Blocking;
import io.tributary.auth.OperatorIdentity;
import io.tributary.orchestrator.validation.ValidationRequest;
import io.tributary.orchestrator.validation.ValidationRequester;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Requests a deep or final validation of a migration; validator-service carries it out. */
@Path("/migrations/{id}/validate")
@Produces(MediaType.APPLICATION_JSON)
@Tag(
    name = "validation",
    description = "Deep and final validation: requests, per-table results, listed differences")
public class ValidateResource {
  private final ValidationRequester requester;
  private final OperatorIdentity operator;

  public ValidateResource(ValidationRequester requester, OperatorIdentity operator) {
    this.requester = requester;
    this.operator = operator;
  }

  @POST
  @Blocking
  @Operation(
      summary = "Request a deep, final or post-switch validation",
      description =
          "Records a request in tributary.validation_requests; validator-service takes it up,"
              + " compares every row of each table (of one source, or one table) by key and value"
              + " and records one result per table with the differing rows it found. 202 with the"
              + " request; follow it at the Location (GET .../validation/requests/{requestId})."
              + " A table given without source must be the only one of that name in the"
              + " migration; its source is then recorded. Checked in this order: the migration"
              + " (404), mode, source, table (400), the migration's state (409). mode=postswitch"
              + " (CUT_OVER only) compares the frozen sources with the target, the rows the"
              + " fallback window wrote back left out; a cutover asks for one by itself once it"
              + " switched.")
  @APIResponse(
      responseCode = "202",
      description = "Recorded; Location names the request",
      content = @Content(schema = @Schema(implementation = ValidationRequested.class)))
  @APIResponse(
      responseCode = "400",
      description =
          "Unknown mode (the allowed ones are named), unknown source, unknown table, or a table"
              + " name found in several sources without a source",
      content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
  @APIResponse(responseCode = "404", ref = SharedResponses.NO_MIGRATION)
  @APIResponse(
      responseCode = "409",
      description =
          "The migration is not active (only PROVISIONED, SNAPSHOTTING, REPLICATING and"
              + " CUTTING_OVER migrations are validated); postswitch: not CUT_OVER",
      content = @Content(schema = @Schema(implementation = ConflictResponse.class)))
  public Response validate(
      @PathParam("id") String id,
      @Parameter(description = "deep (default), final, or postswitch (within the fallback window)")
          @QueryParam("mode")
          String mode,
      @Parameter(description = "Only this source (default: every source)") @QueryParam("source")
          String source,
      @Parameter(
              description =
                  "Only this source table; needs source unless the name is unique in the"
                      + " migration")
          @QueryParam("table")
          String table,
      @Context UriInfo uriInfo) {
    ValidationRequest request = requester.request(id, mode, source, table, operator.name());
    URI location =
        uriInfo
            .getBaseUriBuilder()
            .path("migrations/{id}/validation/requests/{requestId}")
            .build(id, request.id());
    return Response.accepted(ValidationRequested.of(id, request)).location(location).build();
  }
}
