package io.tributary.auth;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * Declares the operator credential in the OpenAPI document (at runtime, from {@code
 * tributary.auth.mode}): the security scheme {@value #SCHEME} (HTTP bearer, or basic), required by
 * every operation that changes something and answered 401 without it; reads require it only when
 * {@code open-reads-on-loopback} is false, the default (else it is optional: open from loopback).
 */
@OpenApiFilter(OpenApiFilter.RunStage.RUN)
public class OperatorSecurityOpenApiFilter implements OASFilter {
  /** The name of the security scheme in {@code components.securitySchemes}. */
  public static final String SCHEME = "operator";

  @Override
  public void filterOpenAPI(OpenAPI openAPI) {
    var config = ConfigProvider.getConfig();
    String mode =
        config
            .getOptionalValue("tributary.auth.mode", String.class)
            .orElse("token")
            .toLowerCase(Locale.ROOT);
    if (mode.equals("none")) {
      return;
    }
    boolean basic = mode.equals("basic");
    boolean openReads =
        config
            .getOptionalValue("tributary.auth.open-reads-on-loopback", Boolean.class)
            .orElse(false);
    if (openAPI.getComponents() == null) {
      openAPI.setComponents(OASFactory.createComponents());
    }
    openAPI
        .getComponents()
        .addSecurityScheme(
            SCHEME,
            OASFactory.createSecurityScheme()
                .type(SecurityScheme.Type.HTTP)
                .scheme(basic ? "basic" : "bearer")
                .description(
                    basic
                        ? "An operator's user and password (tributary.auth.users)."
                            + " Needed by every call that changes something"
                            + (openReads ? "; reads from loopback need none." : " and by reads.")
                        : "The operator token (tributary.auth.token or token-file;"
                            + " the local runtime's is TRIBUTARY_TOKEN in"
                            + " deploy/local/.run/endpoints.env). Needed by every call that changes"
                            + " something"
                            + (openReads ? "; reads from loopback need none." : " and by reads.")));
    if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
      return;
    }
    for (PathItem item : openAPI.getPaths().getPathItems().values()) {
      for (Map.Entry<PathItem.HttpMethod, Operation> entry : item.getOperations().entrySet()) {
        boolean read = OperatorAuthFilter.READS.contains(entry.getKey().name());
        require(entry.getValue(), read && openReads);
      }
    }
  }

  private static void require(Operation operation, boolean optional) {
    if (optional) {
      // An empty requirement: no credential is one of the alternatives (from loopback).
      operation.addSecurityRequirement(OASFactory.createSecurityRequirement());
    }
    SecurityRequirement operator = OASFactory.createSecurityRequirement().addScheme(SCHEME);
    operation.addSecurityRequirement(operator);
    if (operation.getResponses() == null) {
      operation.setResponses(OASFactory.createAPIResponses());
    }
    if (operation.getResponses().getAPIResponse("401") == null) {
      operation
          .getResponses()
          .addAPIResponse(
              "401",
              OASFactory.createAPIResponse()
                  .description(
                      "No operator credential, or a wrong one; the error says which"
                          + (optional ? " (reads need one from outside loopback only)" : ""))
                  .content(
                      OASFactory.createContent()
                          .addMediaType(
                              "application/json",
                              OASFactory.createMediaType()
                                  .schema(
                                      OASFactory.createSchema()
                                          .addType(Schema.SchemaType.OBJECT)
                                          .addProperty(
                                              "error",
                                              OASFactory.createSchema()
                                                  .addType(Schema.SchemaType.STRING)
                                                  .description("what is wrong"))))));
    }
  }
}
