package io.tributary.orchestrator.fallback;

import io.tributary.common.plan.PostgresUrl;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The target as the orchestrator reaches it ({@code quarkus.datasource.*}), as one PostgreSQL URL
 * with the credentials, for the classes that take a URL (freezing the target's roles).
 */
@ApplicationScoped
public class TargetCredentials {
  private final String url;

  public TargetCredentials(
      @ConfigProperty(name = "quarkus.datasource.reactive.url") String reactiveUrl,
      @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
      @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
    PostgresUrl configured = PostgresUrl.parseConfigured(reactiveUrl);
    String u = user.orElse(configured.user());
    String p = password.orElse(configured.password());
    StringBuilder out = new StringBuilder("postgresql://");
    if (u != null) {
      out.append(encode(u));
      if (p != null) {
        out.append(':').append(encode(p));
      }
      out.append('@');
    }
    out.append(configured.host()).append(':').append(configured.port()).append('/');
    out.append(encode(configured.database()));
    this.url = out.toString();
  }

  /** {@code postgresql://user:password@host:port/database}. */
  public String url() {
    return url;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
