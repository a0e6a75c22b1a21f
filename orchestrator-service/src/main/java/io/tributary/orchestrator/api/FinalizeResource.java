package io.tributary.orchestrator.api;

import io.smallrye.common.annotation.Blocking;
import io.tributary.orchestrator.finalize.FinalizePhase;
import io.tributary.orchestrator.finalize.FinalizeStepRecord;
import io.tributary.orchestrator.finalize.Finalizer;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Finalize of a migration: what the target gets after the load, and running it. */
@Path("/migrations/{id}/finalize")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "migrations")
public class FinalizeResource {
  private final Finalizer finalizer;

  public FinalizeResource(Finalizer finalizer) {
    this.finalizer = finalizer;
  }

  @GET
  @Blocking
  @Operation(
      summary = "Finalize steps",
      description = "The migration's finalize steps in order, with the outcome of their last run.")
  public List<FinalizeStepRecord> steps(@PathParam("id") String id) {
    return finalizer.list(id);
  }

  @POST
  @Blocking
  @Operation(
      summary = "Run finalize",
      description =
          "Creates the source's unique constraints and secondary indexes, identities with their"
              + " sequences set past the highest key, and (with foreignKeys=true, or during a"
              + " cutover) foreign keys added NOT VALID then validated; then ANALYZE. Steps done"
              + " before are not repeated (sequences and ANALYZE are); a failing step does not stop"
              + " the others and says why. Returns every step with its outcome.")
  public List<FinalizeStepRecord> run(
      @PathParam("id") String id,
      @Parameter(
              description =
                  "Add and validate foreign keys now. While replication runs, apply may write a"
                      + " child row before its parent, which a foreign key would refuse")
          @QueryParam("foreignKeys")
          @DefaultValue("false")
          boolean foreignKeys) {
    return finalizer.finalizeMigration(
        id, foreignKeys ? FinalizePhase.ALL : FinalizePhase.BEFORE_FREEZE);
  }
}
