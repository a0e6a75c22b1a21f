/**
 * The operator API of the orchestrator (REST resources, their request and response bodies). The
 * OpenAPI document's info and the responses many operations give alike are declared here, once;
 * operations name a shared response by {@code @APIResponse(ref = SharedResponses....)}.
 */
@OpenAPIDefinition(
    info =
        @Info(
            title = "Tributary orchestrator API",
            version = "0.1.0",
            description =
                "Submit migration plans, follow their state and tables, read their audit log."),
    components =
        @Components(
            responses =
                @APIResponse(
                    name = SharedResponses.NO_MIGRATION,
                    description = "No migration with this id",
                    content =
                        @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ErrorResponse.class)))))
package io.tributary.orchestrator.api;

import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
