package io.tributary.validator.api;

import io.smallrye.common.annotation.Blocking;
import io.tributary.common.validation.ValidationResult;
import io.tributary.validator.DatabaseWait;
import io.tributary.validator.ValidatedTableRepository;
import io.tributary.validator.continuous.ContinuousRunner;
import io.tributary.validator.results.ResultRepository;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Validation results of a migration, per table. */
@Path("/validations/{migration}")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class ValidationResource {
  private final ResultRepository validations;
  private final ValidatedTableRepository tables;
  private final ContinuousRunner runner;

  private final DatabaseWait wait;

  public ValidationResource(
      ResultRepository validations,
      ValidatedTableRepository tables,
      ContinuousRunner runner,
      DatabaseWait wait) {
    this.wait = wait;
    this.validations = validations;
    this.tables = tables;
    this.runner = runner;
  }

  @GET
  @Operation(summary = "The latest recorded validation result of each table of a migration")
  @APIResponse(responseCode = "200", description = "one result per table validated so far")
  @APIResponse(responseCode = "404", description = "no such migration")
  public Response latest(@PathParam("migration") String migration) {
    if (wait.control(tables.state(migration), "reading the state of migration '" + migration + "'")
        .isEmpty()) {
      return notFound(migration);
    }
    List<ValidationResult> results =
        wait.control(
            validations.latest(migration), "reading the results of migration '" + migration + "'");
    return Response.ok(results).build();
  }

  @POST
  @Operation(summary = "Validate every table of an active migration now, and record the results")
  @APIResponse(responseCode = "200", description = "one result per table")
  @APIResponse(responseCode = "404", description = "no such migration")
  @APIResponse(
      responseCode = "409",
      description = "the migration is not in a state that is validated")
  public Response validateNow(@PathParam("migration") String migration) {
    Optional<String> state =
        wait.control(tables.state(migration), "reading the state of migration '" + migration + "'");
    if (state.isEmpty()) {
      return notFound(migration);
    }
    if (!ValidatedTableRepository.isActive(state.get())) {
      return Response.status(Response.Status.CONFLICT)
          .entity(
              Map.of(
                  "error",
                  "migration '"
                      + migration
                      + "' is "
                      + state.get()
                      + "; only PROVISIONED, SNAPSHOTTING, REPLICATING and CUTTING_OVER migrations are validated"))
          .build();
    }
    return Response.ok(runner.runNow(migration)).build();
  }

  private static Response notFound(String migration) {
    return Response.status(Response.Status.NOT_FOUND)
        .entity(Map.of("error", "no migration '" + migration + "'"))
        .build();
  }
}
