package io.tributary.auth;

import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sign-ins of the web UI: a browser that gave a valid credential once gets a random session id in a
 * cookie ({@link #COOKIE}: HttpOnly, SameSite=Strict, so no other site's page can send it), which
 * {@link OperatorAuthFilter} accepts in place of the credential until it expires ({@code
 * tributary.auth.session-ttl}) or the operator signs out. Sessions live in this process only: a
 * restart signs everyone out.
 */
@ApplicationScoped
public class OperatorSessions {
  /** The cookie's name. */
  public static final String COOKIE = "tributary-session";

  private record Session(String operator, Instant expires) {}

  private final SecureRandom random = new SecureRandom();
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final OperatorAuthConfig config;

  public OperatorSessions(OperatorAuthConfig config) {
    this.config = config;
  }

  /** Opens a session for an operator who signed in; its id (the cookie's value). */
  public String open(String operator) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    sessions.put(id, new Session(operator, Instant.now().plus(config.sessionTtl())));
    sessions.values().removeIf(s -> s.expires().isBefore(Instant.now()));
    return id;
  }

  /** The operator of a live session; empty for an unknown or expired id. */
  public Optional<String> operator(String id) {
    if (id == null || id.isEmpty()) {
      return Optional.empty();
    }
    Session session = sessions.get(id);
    if (session == null) {
      return Optional.empty();
    }
    if (session.expires().isBefore(Instant.now())) {
      sessions.remove(id);
      return Optional.empty();
    }
    return Optional.of(session.operator());
  }

  /** Ends a session (signing out). */
  public void close(String id) {
    if (id != null) {
      sessions.remove(id);
    }
  }

  /** How long a session lasts, for the cookie's Max-Age. */
  public long ttlSeconds() {
    return config.sessionTtl().toSeconds();
  }
}
