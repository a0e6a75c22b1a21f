package io.tributary.cdc.api;

import io.tributary.cdc.apply.ApplyConfig;
import io.tributary.cdc.capture.FenceRepository;
import io.tributary.common.event.ChangeEventCodec;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Fences: where their markers were published and whether apply committed past them. */
@Path("/cdc/fences/{id}")
@Produces(MediaType.APPLICATION_JSON)
public class FenceResource {
  private final FenceRepository fences;
  private final ApplyConfig apply;

  public FenceResource(FenceRepository fences, ApplyConfig apply) {
    this.fences = fences;
    this.apply = apply;
  }

  @GET
  @Operation(
      summary = "A fence",
      description =
          "When it was requested, written into the source (and at which position), published"
              + " (and at which offset of each table topic partition), and whether this"
              + " instance's apply consumer group has committed past every marker.")
  @APIResponse(responseCode = "200", description = "the fence")
  @APIResponse(responseCode = "404", description = "no such fence")
  public Response get(@PathParam("id") long id) {
    Row row = fences.fence(id, apply.groupId()).orElse(null);
    if (row == null) {
      return Response.status(Response.Status.NOT_FOUND)
          .entity(new SourceCommandResource.ErrorResponse("no fence " + id))
          .build();
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", row.getLong("id"));
    out.put("migration", row.getString("migration_id"));
    out.put("source", row.getString("source_name"));
    out.put("requestedAt", row.getString("requested_at"));
    out.put("writtenAt", row.getString("written_at"));
    out.put("sourcePosition", row.getString("source_position"));
    out.put("publishedAt", row.getString("published_at"));
    String offsets = row.getString("offsets");
    try {
      out.put("offsets", offsets == null ? null : ChangeEventCodec.MAPPER.readTree(offsets));
    } catch (IOException e) {
      out.put("offsets", offsets);
    }
    out.put("error", row.getString("error"));
    out.put("applied", row.getBoolean("applied"));
    return Response.ok(out).build();
  }
}
