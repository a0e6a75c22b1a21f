package io.tributary.cdc.api;

import io.tributary.cdc.capture.CaptureReconciler;
import io.tributary.cdc.capture.CaptureRepository;
import io.tributary.cdc.capture.CaptureStates;
import io.tributary.cdc.capture.FenceRepository;
import io.tributary.cdc.capture.MigrationPause;
import io.tributary.cdc.capture.SourceCaptures;
import io.tributary.source.spi.capture.SourceCapture;
import io.tributary.source.spi.capture.SourceState;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import java.sql.SQLException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Commands on one source of a migration. */
@Path("/cdc/sources/{migration}/{source}")
@Produces(MediaType.APPLICATION_JSON)
public class SourceCommandResource {
  private final CaptureRepository repository;
  private final CaptureReconciler reconciler;
  private final SourceCaptures captures;
  private final FenceRepository fences;

  public SourceCommandResource(
      CaptureRepository repository,
      CaptureReconciler reconciler,
      SourceCaptures captures,
      FenceRepository fences) {
    this.repository = repository;
    this.reconciler = reconciler;
    this.captures = captures;
    this.fences = fences;
  }

  /** An error: one sentence saying what was refused and why. */
  public record ErrorResponse(String error) {}

  @POST
  @Path("/uninstall")
  @Operation(
      summary = "Remove change capture from a source",
      description =
          "SQLite: drops the triggers and the change log Tributary installed in the source file"
              + " (they are kept while another capture of the same file is registered)."
              + " PostgreSQL: drops the replication slot and the publication and restores the"
              + " replica identity of tables Tributary changed. Refused while the migration is"
              + " active (ROLLED_BACK included: it replicates on; a paused migration too); done"
              + " automatically once it is CUT_OVER, FAILED or ABANDONED.")
  @APIResponse(responseCode = "200", description = "what was removed")
  @APIResponse(responseCode = "404", description = "no such migration or source")
  @APIResponse(
      responseCode = "409",
      description = "the migration is still active, or the source is not a SQLite file")
  @APIResponse(responseCode = "503", description = "the file could not be changed now")
  public Response uninstall(
      @PathParam("migration") String migration, @PathParam("source") String source) {
    SourceState state = repository.sourceState(migration, source).orElse(null);
    if (state == null) {
      return error(
          Status.NOT_FOUND, "no source '" + source + "' in a migration '" + migration + "'");
    }
    if (state.active()) {
      return error(
          Status.CONFLICT,
          "migration '"
              + migration
              + "' is "
              + state.state()
              + ": its capture of '"
              + source
              + "' still needs its change capture (SQLite: triggers and change log;"
              + " PostgreSQL: slot and publication), also while paused or after a rolled-back"
              + " cutover; it can be removed once the migration has ended ("
              + String.join(" or ", CaptureStates.ended())
              + "), and is removed then automatically");
    }
    SourceCapture capture = captures.find(state.kind()).orElse(null);
    if (capture == null) {
      return error(
          Status.CONFLICT,
          "source '"
              + source
              + "' is of kind "
              + state.kindName()
              + ": this command removes the change capture of SQLite and PostgreSQL sources only");
    }
    try {
      return Response.ok(reconciler.removeCapture(state)).build();
    } catch (SQLException e) {
      return error(
          Status.SERVICE_UNAVAILABLE,
          "failed to remove the change capture from "
              + state.displayLocation()
              + ": "
              + e.getMessage()
              + capture.busyHint());
    }
  }

  /** A requested fence. */
  public record FenceRequested(long id, String status) {}

  @POST
  @Path("/fence")
  @Operation(
      summary = "Write a fence into the source's change stream",
      description =
          "Requests a fence: capture writes a marker into the source's change stream (PostgreSQL:"
              + " a transactional logical decoding message), publishes a marker on every"
              + " partition of every table topic of the source when it reads it back, and records"
              + " their offsets. GET /cdc/fences/{id} shows them and whether apply has committed"
              + " past all of them (the drain of a cutover). Accepted while the migration is"
              + " capturing (SNAPSHOTTING, REPLICATING, CUTTING_OVER, ROLLED_BACK) and not paused;"
              + " requested fences are written within about tributary.capture.fence-poll"
              + " (100 ms).")
  @APIResponse(responseCode = "202", description = "the fence id")
  @APIResponse(responseCode = "404", description = "no such migration or source")
  @APIResponse(
      responseCode = "409",
      description =
          "the migration is not capturing, or its capture is paused (the fence would wait until"
              + " it resumes)")
  public Response fence(
      @PathParam("migration") String migration, @PathParam("source") String source) {
    SourceState state = repository.sourceState(migration, source).orElse(null);
    if (state == null) {
      return error(
          Status.NOT_FOUND, "no source '" + source + "' in a migration '" + migration + "'");
    }
    if (!CaptureStates.isCapturing(state.state())) {
      return error(
          Status.CONFLICT,
          "migration '" + migration + "' is " + state.state() + ": nothing captures its sources");
    }
    MigrationPause pause = repository.pause(migration).orElse(null);
    if (pause != null) {
      return error(
          Status.CONFLICT,
          "the capture of migration '"
              + migration
              + "' was paused by "
              + pause.pausedBy()
              + " at "
              + pause.pausedAt()
              + ": a fence would not be read back before it resumes; resume it first");
    }
    long id = fences.requestFence(migration, source);
    return Response.accepted(new FenceRequested(id, "requested")).build();
  }

  private static Response error(Status status, String message) {
    return Response.status(status).entity(new ErrorResponse(message)).build();
  }
}
