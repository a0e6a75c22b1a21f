package io.tributary.orchestrator.api;

import io.smallrye.common.annotation.Blocking;
import io.tributary.common.validation.ValidationDifference;
import io.tributary.common.validation.ValidationResult;
import io.tributary.orchestrator.OrchestratorConfig;
import io.tributary.orchestrator.state.MigrationRepository;
import io.tributary.orchestrator.validation.DifferenceCount;
import io.tributary.orchestrator.validation.ValidationRequest;
import io.tributary.orchestrator.validation.ValidationRequestRepository;
import io.tributary.orchestrator.validation.ValidationResultRepository;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A migration's validation as validator-service recorded it: requests, per-table results and the
 * differences they listed.
 */
@Path("/migrations/{id}/validation")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "validation")
public class ValidationResource {
  /** How many requests GET .../validation shows. */
  static final int NEWEST_REQUESTS = 20;

  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  private final ValidationRequestRepository requests;
  private final ValidationResultRepository results;
  private final MigrationRepository migrations;
  private final Pool pool;
  private final OrchestratorConfig config;

  public ValidationResource(
      ValidationRequestRepository requests,
      ValidationResultRepository results,
      MigrationRepository migrations,
      Pool pool,
      OrchestratorConfig config) {
    this.requests = requests;
    this.results = results;
    this.migrations = migrations;
    this.pool = pool;
    this.config = config;
  }

  @GET
  @Blocking
  @Operation(
      summary = "Validation of a migration",
      description =
          "The 20 newest deep and final requests (newest first) and, for each table and each"
              + " mode that has a result (continuous, deep, final), the latest result with its"
              + " counts: source, target, rejected, compared, missing, extra and differing rows.")
  @APIResponse(
      responseCode = "200",
      description = "The requests and the latest results",
      content = @Content(schema = @Schema(implementation = ValidationOverview.class)))
  @APIResponse(responseCode = "404", ref = SharedResponses.NO_MIGRATION)
  public ValidationOverview overview(@PathParam("id") String id) {
    migrations.get(pool, id).await().atMost(timeout());
    List<ValidationRequest> newest =
        requests.newest(pool, id, NEWEST_REQUESTS).await().atMost(timeout());
    List<ValidationResult> latest = results.latest(pool, id).await().atMost(timeout());
    return new ValidationOverview(id, newest, latest);
  }

  @GET
  @Path("/requests/{requestId}")
  @Blocking
  @Operation(
      summary = "A validation request",
      description =
          "The request, how far the validator got (startedAt, tablesDone of tablesTotal, doneAt),"
              + " its status (the worst over its tables: MATCH, MISMATCH, PENDING, ERROR) and one"
              + " result per table validated so far.")
  @APIResponse(
      responseCode = "200",
      description = "The request and its results",
      content = @Content(schema = @Schema(implementation = ValidationRequestDetail.class)))
  @APIResponse(
      responseCode = "404",
      description = "No such migration, or no such request of this migration",
      content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
  public Response request(@PathParam("id") String id, @PathParam("requestId") long requestId) {
    migrations.get(pool, id).await().atMost(timeout());
    Optional<ValidationRequest> found =
        requests.find(pool, id, requestId).await().atMost(timeout());
    if (found.isEmpty()) {
      return notFound("migration '" + id + "' has no validation request " + requestId);
    }
    List<ValidationResult> ofRequest =
        results.ofRequest(pool, id, requestId).await().atMost(timeout());
    return Response.ok(ValidationRequestDetail.of(found.get(), ofRequest)).build();
  }

  @GET
  @Path("/results/{validationId}/differences")
  @Blocking
  @Operation(
      summary = "Differences of a validation result",
      description =
          "The rows a deep or final validation found different, by position, a page at a time:"
              + " kind (missing: in the source only; extra: in the target only; differing: values"
              + " differ), the row's key, the differing columns and both sides' values. total is"
              + " how many are stored; listedComplete false means the validator stopped listing"
              + " (the result's missingRows, extraRows and differingRows are the real counts).")
  @APIResponse(
      responseCode = "200",
      description = "A page of differences",
      content = @Content(schema = @Schema(implementation = DifferencesPage.class)))
  @APIResponse(
      responseCode = "400",
      description = "offset below 0, or limit outside 1..1000",
      content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
  @APIResponse(
      responseCode = "404",
      description = "No such migration, or no such result of this migration",
      content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
  public Response differences(
      @PathParam("id") String id,
      @PathParam("validationId") long validationId,
      @Parameter(description = "Position of the first difference (default 0)") @QueryParam("offset")
          String offset,
      @Parameter(description = "Most differences returned, 1..1000 (default 100)")
          @QueryParam("limit")
          String limit) {
    Integer from = parse(offset, 0, 0, Integer.MAX_VALUE);
    Integer size = parse(limit, DEFAULT_LIMIT, 1, MAX_LIMIT);
    if (from == null || size == null) {
      return badRequest(
          from == null
              ? "offset must be a whole number, 0 or more, not '" + offset + "'"
              : "limit must be a whole number from 1 to " + MAX_LIMIT + ", not '" + limit + "'");
    }
    migrations.get(pool, id).await().atMost(timeout());
    Optional<DifferenceCount> count =
        results.countDifferences(pool, id, validationId).await().atMost(timeout());
    if (count.isEmpty()) {
      return notFound("migration '" + id + "' has no validation result " + validationId);
    }
    List<ValidationDifference> page =
        results.differences(pool, validationId, from, size).await().atMost(timeout());
    return Response.ok(
            new DifferencesPage(
                validationId, count.get().stored(), count.get().complete(), from, size, page))
        .build();
  }

  /** The value, the default when absent, null when not a whole number in [min, max]. */
  private static Integer parse(String text, int absent, int min, int max) {
    if (text == null || text.isBlank()) {
      return absent;
    }
    try {
      int value = Integer.parseInt(text.strip());
      return value < min || value > max ? null : value;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Response notFound(String message) {
    return Response.status(Response.Status.NOT_FOUND).entity(new ErrorResponse(message)).build();
  }

  private static Response badRequest(String message) {
    return Response.status(Response.Status.BAD_REQUEST).entity(new ErrorResponse(message)).build();
  }

  private Duration timeout() {
    return config.databaseTimeout();
  }
}
