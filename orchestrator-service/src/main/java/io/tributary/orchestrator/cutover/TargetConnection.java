package io.tributary.orchestrator.cutover;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Where an application finds its data after the switch: the unified target, logged in as its
 * schema's role (which owns the schema and finds it first on its search path, {@code "$user"}).
 * Carries no password: the role's password is the operator's to hand out.
 *
 * @param source the plan source
 * @param schema the target schema
 * @param host the target's host
 * @param port its port
 * @param database its database
 * @param user the role to log in as
 */
public record TargetConnection(
    String source, String schema, String host, int port, String database, String user) {

  /** {@code postgresql://user@host:port/database?options=-c%20search_path%3Dschema} */
  public String url() {
    return "postgresql://"
        + encode(user)
        + "@"
        + host
        + ":"
        + port
        + "/"
        + encode(database)
        + "?options="
        + encode("-c search_path=" + schema);
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
