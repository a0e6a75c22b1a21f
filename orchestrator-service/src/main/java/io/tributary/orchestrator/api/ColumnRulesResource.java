package io.tributary.orchestrator.api;

import io.smallrye.common.annotation.Blocking;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.orchestrator.rules.ColumnRuleChange;
import io.tributary.orchestrator.rules.ColumnRuleEditor;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Changes of a column's rules after submission (those that need no DDL). */
@Path("/migrations/{id}/tables/{table}/columns/{column}")
@Tag(name = "migrations")
public class ColumnRulesResource {
  private final ColumnRuleEditor editor;

  public ColumnRulesResource(ColumnRuleEditor editor) {
    this.editor = editor;
  }

  @PATCH
  @Blocking
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Change a column's invalid-value policy",
      description =
          "Body {\"invalid\": \"null\"} or {\"invalid\": \"reject\"}. Apply uses it within seconds;"
              + " replay the rejects (POST .../rejects/replay) to bring rows refused before. Type"
              + " and name changes need DDL and are not accepted here.")
  public Response change(
      @PathParam("id") String id,
      @PathParam("table") String table,
      @PathParam("column") String column,
      @QueryParam("source") String source,
      Map<String, Object> body) {
    if (body == null || body.isEmpty() || !body.keySet().equals(Set.of("invalid"))) {
      return Response.status(Response.Status.BAD_REQUEST)
          .entity(
              new ErrorResponse(
                  "only \"invalid\" can change after submission (type, name and default changes"
                      + " need DDL: ALTER the target table yourself, then replay the rejects)"))
          .build();
    }
    try {
      ColumnDef changed =
          editor.change(
              id, source, table, column, new ColumnRuleChange(String.valueOf(body.get("invalid"))));
      return Response.ok(
              Map.of(
                  "column", changed.name(),
                  "invalid", changed.invalidPolicy().name().toLowerCase(Locale.ROOT)))
          .build();
    } catch (ColumnRuleEditor.Refused e) {
      return Response.status(e.status()).entity(new ErrorResponse(e.getMessage())).build();
    }
  }
}
