package io.tributary.auth;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses with 400 a call whose path or query holds a NUL character ({@code %00}): no migration,
 * source, table or column name can hold one, and PostgreSQL refuses it in text, so such a call
 * would otherwise fail deep inside with a 500. Found by the API's bad-input corpus.
 */
public class MalformedRequestFilter {
  private static final Logger LOG = Logger.getLogger(MalformedRequestFilter.class);

  static final String NUL_IN_REQUEST =
      "the request's path or query holds a NUL character (%00), which no name can hold";

  @ServerRequestFilter(preMatching = true)
  public Optional<Response> refuseNul(ContainerRequestContext request) {
    if (holdsNul(request)) {
      LOG.infof(
          "Refused %s %s: %s", request.getMethod(), request.getUriInfo().getPath(), NUL_IN_REQUEST);
      return Optional.of(
          Response.status(Response.Status.BAD_REQUEST)
              .type(MediaType.APPLICATION_JSON_TYPE)
              .entity(Map.of("error", NUL_IN_REQUEST))
              .build());
    }
    return Optional.empty();
  }

  private static boolean holdsNul(ContainerRequestContext request) {
    if (request.getUriInfo().getPath().indexOf('\u0000') >= 0) {
      return true;
    }
    for (Map.Entry<String, List<String>> parameter :
        request.getUriInfo().getQueryParameters().entrySet()) {
      if (parameter.getKey().indexOf('\u0000') >= 0) {
        return true;
      }
      for (String value : parameter.getValue()) {
        if (value.indexOf('\u0000') >= 0) {
          return true;
        }
      }
    }
    return false;
  }
}
