package io.tributary.auth;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A request body past Jackson's limits (nesting deeper than 1,000, a number or a string too long)
 * is the caller's fault: 400 saying which limit, not a 500. Found by the API's bad-input corpus.
 */
public class MalformedBodyMapper {
  private static final Logger LOG = Logger.getLogger(MalformedBodyMapper.class);

  @ServerExceptionMapper
  public RestResponse<Map<String, String>> bodyPastLimits(StreamConstraintsException e) {
    String why = "the request body is past the JSON reader's limits: " + e.getOriginalMessage();
    LOG.infof("Refused a request: %s", why);
    return RestResponse.status(Response.Status.BAD_REQUEST, Map.of("error", why));
  }
}
