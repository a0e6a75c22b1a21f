package io.tributary.auth;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Asks every REST call for an operator credential, except reads from loopback (see {@link
 * OperatorAuthConfig#openReadsOnLoopback()}), and records who made it in {@link OperatorIdentity}.
 * Refused calls get 401 with a {@code WWW-Authenticate} challenge and {@code {"error": "..."}}
 * saying what is wrong. {@code /q/*} (health, OpenAPI, Swagger UI) are Vert.x routes, not REST
 * resources: this filter never sees them, so they stay open. A browser signed in to the web UI
 * ({@link OperatorSessions}) is identified by its session cookie; a page of the UI opened without a
 * credential from where reads need one is sent to the sign-in page.
 */
public class OperatorAuthFilter {
  private static final Logger LOG = Logger.getLogger(OperatorAuthFilter.class);

  /** Methods that only read; every other method changes something. */
  static final Set<String> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

  private static final String READS_REMOTE_WHY = "this call reads from outside loopback";
  private static final String READS_CLOSED_WHY =
      "this call reads (tributary.auth.open-reads-on-loopback is false)";

  private final OperatorCredentials credentials;
  private final OperatorAuthConfig config;
  private final OperatorIdentity identity;
  private final OperatorSessions sessions;

  public OperatorAuthFilter(
      OperatorCredentials credentials,
      OperatorAuthConfig config,
      OperatorIdentity identity,
      OperatorSessions sessions) {
    this.sessions = sessions;
    this.credentials = credentials;
    this.config = config;
    this.identity = identity;
  }

  @ServerRequestFilter
  public Optional<Response> authenticate(ContainerRequestContext request, HttpServerRequest http) {
    String path = request.getUriInfo().getPath();
    if (path.equals("/q") || path.startsWith("/q/") || path.startsWith("q/")) {
      return Optional.empty();
    }
    boolean read = READS.contains(request.getMethod().toUpperCase(Locale.ROOT));
    String crossOrigin =
        read
            ? null
            : crossOrigin(
                request.getHeaderString("Origin"),
                request.getHeaderString("Sec-Fetch-Site"),
                http.authority() == null ? null : http.authority().toString());
    if (crossOrigin != null) {
      LOG.infof(
          "Refused %s %s from %s: %s",
          request.getMethod(), path, http.remoteAddress(), crossOrigin);
      return Optional.of(
          Response.status(Response.Status.FORBIDDEN)
              .type(MediaType.APPLICATION_JSON_TYPE)
              .entity(Map.of("error", crossOrigin))
              .build());
    }
    if (isSignIn(path)) {
      identity.identify(OperatorIdentity.ANONYMOUS);
      return Optional.empty();
    }
    String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    Cookie session = request.getCookies().get(OperatorSessions.COOKIE);
    if (authorization == null && session != null) {
      Optional<String> signedIn = sessions.operator(session.getValue());
      if (signedIn.isPresent()) {
        identity.identify(signedIn.get());
        return Optional.empty();
      }
    }
    boolean loopback = isLoopback(http.remoteAddress());
    String host = http.authority() == null ? null : http.authority().host();
    boolean loopbackHost = isLoopbackHost(host);
    if (read && loopback && loopbackHost && config.openReadsOnLoopback()) {
      identity.identify(OperatorIdentity.ANONYMOUS);
      return Optional.empty();
    }
    try {
      String name =
          credentials.authenticate(
              authorization,
              !read
                  ? OperatorCredentials.CHANGES
                  : !loopback
                      ? READS_REMOTE_WHY
                      : !config.openReadsOnLoopback()
                          ? READS_CLOSED_WHY
                          : "this call reads with Host: "
                              + host
                              + ", not a loopback name (a page of another site resolving to"
                              + " this machine, or a proxy): reads without a credential are"
                              + " open to localhost, 127.0.0.1 and [::1] only");
      identity.identify(name);
      if (!read) {
        LOG.debugf("%s %s by %s", request.getMethod(), path, name);
      }
      return Optional.empty();
    } catch (OperatorAuthException e) {
      LOG.infof(
          "Refused %s %s from %s: %s",
          request.getMethod(), path, http.remoteAddress(), e.getMessage());
      return Optional.of(
          Response.status(Response.Status.UNAUTHORIZED)
              .header(HttpHeaders.WWW_AUTHENTICATE, credentials.challenge())
              .type(MediaType.APPLICATION_JSON_TYPE)
              .entity(Map.of("error", e.getMessage()))
              .build());
    }
  }

  /**
   * The web UI's sign-in call: it checks the credential it is given itself, so it needs none (the
   * cross-origin check above still applies).
   */
  public static final String SIGN_IN = "/ui/sign-in";

  static boolean isSignIn(String path) {
    return path.equals(SIGN_IN);
  }

  /**
   * Why a call that changes something is refused as coming from another web origin (a page a
   * browser shows, which could ride on credentials the browser keeps, e.g. basic), or null. Calls
   * from tools (curl, the CLI, scripts) send neither header and pass.
   */
  static String crossOrigin(String origin, String fetchSite, String authority) {
    if (fetchSite != null
        && !fetchSite.equalsIgnoreCase("same-origin")
        && !fetchSite.equalsIgnoreCase("none")) {
      return "a browser sent this call from another site (Sec-Fetch-Site: "
          + fetchSite
          + "): calls that change something are refused from other origins";
    }
    if (origin == null || origin.isBlank()) {
      return null;
    }
    String originAuthority = origin.strip();
    int scheme = originAuthority.indexOf("://");
    if (scheme >= 0) {
      originAuthority = originAuthority.substring(scheme + 3);
    }
    if (authority != null && originAuthority.equalsIgnoreCase(authority.strip())) {
      return null;
    }
    return "a browser sent this call from the page of another origin ("
        + origin.strip()
        + "): calls that change something are refused from other origins";
  }

  /**
   * Whether the {@code Host} a request names is this machine's loopback — {@code localhost}, an
   * address of 127.0.0.0/8, {@code ::1} — and so not a name of another site that a browser was made
   * to resolve to this machine (DNS rebinding) nor a name a proxy forwards under.
   */
  static boolean isLoopbackHost(String host) {
    if (host == null || host.isBlank()) {
      return false;
    }
    String h = host.strip().toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")) {
      return true;
    }
    String[] parts = h.split("\\.", -1);
    if (parts.length != 4 || !parts[0].equals("127")) {
      return false;
    }
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
        return false;
      }
      if (Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
  }

  /** 127.0.0.0/8 or ::1 (also IPv4-mapped); unknown addresses (e.g. unix sockets) are not. */
  static boolean isLoopback(SocketAddress address) {
    if (address == null || address.hostAddress() == null || address.hostAddress().isEmpty()) {
      return false;
    }
    String host = address.hostAddress();
    // An IP literal only: never resolve a name here.
    if (!host.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
      return false;
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
