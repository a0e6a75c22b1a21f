package io.tributary.orchestrator.api;

import io.tributary.orchestrator.finalize.TablesStillLoadingException;
import io.tributary.orchestrator.provision.ProvisioningException;
import io.tributary.orchestrator.state.CommandRefused;
import io.tributary.orchestrator.state.MigrationConflictException;
import io.tributary.orchestrator.state.MigrationNotFoundException;
import io.tributary.planning.PlanException;
import jakarta.ws.rs.core.Response.Status;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns the API's failures into JSON answers with the right status. */
public class ApiExceptionMappers {
  private static final Logger LOG = Logger.getLogger(ApiExceptionMappers.class);

  /** 400, naming each bad field of the plan. */
  @ServerExceptionMapper
  public RestResponse<PlanErrorsResponse> planRefused(PlanException e) {
    LOG.infof("Refused a plan: %s", e.getMessage());
    return RestResponse.status(Status.BAD_REQUEST, new PlanErrorsResponse(e.errors()));
  }

  /** 409, with the existing migration's state. */
  @ServerExceptionMapper
  public RestResponse<ConflictResponse> migrationExists(MigrationConflictException e) {
    return RestResponse.status(
        Status.CONFLICT, new ConflictResponse(e.getMessage(), e.id(), e.state()));
  }

  /** 404. */
  @ServerExceptionMapper
  public RestResponse<ErrorResponse> migrationUnknown(MigrationNotFoundException e) {
    return RestResponse.status(Status.NOT_FOUND, new ErrorResponse(e.getMessage()));
  }

  /**
   * The transaction was rolled back, so nothing of the plan was created: 503 when the target could
   * not be reached or is shutting down (the same plan may succeed later), else 422 naming the
   * statement the target refused (the schema, table or type it was creating), since the plan asked
   * for something the target cannot hold.
   */
  @ServerExceptionMapper
  public RestResponse<ErrorResponse> provisioningFailed(ProvisioningException e) {
    if (e.targetUnavailable()) {
      LOG.warnf("Failed to provision migration '%s': target unavailable: %s", e.migration(), e);
      return RestResponse.status(Status.SERVICE_UNAVAILABLE, new ErrorResponse(e.getMessage()));
    }
    LOG.warnf("Failed to provision migration '%s': %s", e.migration(), e.getMessage());
    return RestResponse.ResponseBuilder.<ErrorResponse>create(422)
        .entity(new ErrorResponse(e.getMessage()))
        .build();
  }

  /** 409: finalize waits for the tables still loaded by COPY, named. */
  @ServerExceptionMapper
  public RestResponse<ErrorResponse> tablesStillLoading(TablesStillLoadingException e) {
    return RestResponse.status(Status.CONFLICT, new ErrorResponse(e.getMessage()));
  }

  /**
   * An operator command refused: 400 naming what in it cannot be taken, or 409 when the migration's
   * state does not allow it now (cutover, pause, abandon, resync, validation, ...), with that
   * state.
   */
  @ServerExceptionMapper
  public RestResponse<?> commandRefused(CommandRefused e) {
    if (e.badInput()) {
      return RestResponse.status(Status.BAD_REQUEST, new ErrorResponse(e.getMessage()));
    }
    return RestResponse.status(
        Status.CONFLICT, new ConflictResponse(e.getMessage(), e.migration(), e.state()));
  }
}
