package io.tributary.validator.api;

import io.tributary.validator.DatabaseTimeoutException;
import jakarta.ws.rs.core.Response.Status;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** 503 with {@code {"error": ...}} naming the bound, when the database did not answer in time. */
public class DatabaseTimeoutMapper {
  private static final Logger LOG = Logger.getLogger(DatabaseTimeoutMapper.class);

  @ServerExceptionMapper
  public RestResponse<Map<String, String>> timedOut(DatabaseTimeoutException e) {
    LOG.warn(e.getMessage());
    return RestResponse.status(Status.SERVICE_UNAVAILABLE, Map.of("error", e.getMessage()));
  }
}
