package io.tributary.auth;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Asks every REST call for an operator credential (reads too, unless {@link
 * OperatorAuthConfig#openReadsOnLoopback()} opens them from loopback) and records who made it in
 * {@link OperatorIdentity}. Before that, a call must name the service by one of its own names
 * ({@link AllowedHosts}; else 400), and a call that changes something must not come from another
 * web origin (else 403). Refused calls get 401 with a {@code WWW-Authenticate} challenge and {@code
 * {"error": "..."}} saying what is wrong; an address (user) that gave too many wrong credentials
 * gets 429 for a while ({@link CredentialThrottle}). {@code /q/*} (health, OpenAPI, Swagger UI,
 * metrics) are Vert.x routes, not REST resources: this filter never sees them, so they stay open to
 * probes whatever their {@code Host}. A browser signed in to the web UI ({@link OperatorSessions})
 * is identified by its session cookie.
 */
public class OperatorAuthFilter {
  private static final Logger LOG = Logger.getLogger(OperatorAuthFilter.class);

  /** Methods that only read; every other method changes something. */
  static final Set<String> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

  /**
   * Headers a proxy adds: a call that carries one was relayed, so it does not count as from
   * loopback even when the TCP peer (the proxy) is.
   */
  static final List<String> PROXY_HEADERS =
      List.of(
          "Forwarded",
          "X-Forwarded-For",
          "X-Forwarded-Host",
          "X-Forwarded-Proto",
          "X-Forwarded-Port",
          "X-Real-IP",
          "X-Client-IP",
          "True-Client-IP",
          "CF-Connecting-IP",
          "Via");

  private static final String READS_WHY = "this call reads";
  private static final String STREAM_WHY = "this call follows a stream (always needs a credential)";

  private final OperatorCredentials credentials;
  private final OperatorAuthConfig config;
  private final OperatorIdentity identity;
  private final OperatorSessions sessions;
  private final AllowedHosts hosts;
  private final CredentialThrottle throttle;

  public OperatorAuthFilter(
      OperatorCredentials credentials,
      OperatorAuthConfig config,
      OperatorIdentity identity,
      OperatorSessions sessions,
      AllowedHosts hosts,
      CredentialThrottle throttle) {
    this.sessions = sessions;
    this.credentials = credentials;
    this.config = config;
    this.identity = identity;
    this.hosts = hosts;
    this.throttle = throttle;
  }

  @ServerRequestFilter
  public Optional<Response> authenticate(
      ContainerRequestContext request, HttpServerRequest http, ResourceInfo resource) {
    String path = request.getUriInfo().getPath();
    if (path.equals("/q") || path.startsWith("/q/") || path.startsWith("q/")) {
      return Optional.empty();
    }
    String host = request.getHeaderString(HttpHeaders.HOST);
    if (host == null && http.authority() != null) {
      host = http.authority().host(); // HTTP/2: :authority
    }
    if (!hosts.allows(host)) {
      String why = hostRefused(host);
      LOG.infof("Refused %s %s from %s: %s", request.getMethod(), path, peer(http), why);
      return Optional.of(error(Response.Status.BAD_REQUEST, why));
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
      LOG.infof("Refused %s %s from %s: %s", request.getMethod(), path, peer(http), crossOrigin);
      return Optional.of(error(Response.Status.FORBIDDEN, crossOrigin));
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
    boolean stream = needsCredential(resource);
    if (read
        && !stream
        && config.openReadsOnLoopback()
        && authorization == null
        && isLoopback(peer(http))
        && !relayed(request)) {
      identity.identify(OperatorIdentity.ANONYMOUS);
      return Optional.empty();
    }
    String address = address(http);
    Optional<String> user = credentials.claimedUser(authorization);
    if (authorization != null && credentials.mode() != OperatorAuthConfig.Mode.NONE) {
      Optional<Duration> locked = throttle.lockedFor(address, user);
      if (locked.isPresent()) {
        String why = CredentialThrottle.message(address, locked.get());
        LOG.infof("Refused %s %s: %s", request.getMethod(), path, why);
        return Optional.of(
            Response.status(TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Math.max(1, locked.get().toSeconds()))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("error", why))
                .build());
      }
    }
    try {
      String name =
          credentials.authenticate(
              authorization, !read ? OperatorCredentials.CHANGES : stream ? STREAM_WHY : READS_WHY);
      if (authorization != null) {
        throttle.succeeded(address, user);
      }
      identity.identify(name);
      if (!read) {
        LOG.debugf("%s %s by %s", request.getMethod(), path, name);
      }
      return Optional.empty();
    } catch (OperatorAuthException e) {
      if (e.wrongSecret()) {
        throttle.failed(address, user);
      }
      LOG.infof("Refused %s %s from %s: %s", request.getMethod(), path, address, e.getMessage());
      return Optional.of(
          Response.status(Response.Status.UNAUTHORIZED)
              .header(HttpHeaders.WWW_AUTHENTICATE, credentials.challenge())
              .type(MediaType.APPLICATION_JSON_TYPE)
              .entity(Map.of("error", e.getMessage()))
              .build());
    }
  }

  /** 429 Too Many Requests. */
  public static final int TOO_MANY_REQUESTS = 429;

  /**
   * The TCP peer of a call: never what a proxy header claims (Quarkus' {@code quarkus.http.proxy.*}
   * may rewrite {@link HttpServerRequest#remoteAddress()} from them; the connection's address is
   * the socket's).
   */
  public static SocketAddress peer(HttpServerRequest http) {
    if (http.connection() != null && http.connection().remoteAddress() != null) {
      return http.connection().remoteAddress();
    }
    return http.remoteAddress();
  }

  /** The TCP peer's address as text ({@code unknown} when there is none). */
  public static String address(HttpServerRequest http) {
    SocketAddress peer = peer(http);
    return peer == null || peer.hostAddress() == null || peer.hostAddress().isEmpty()
        ? "unknown"
        : peer.hostAddress();
  }

  /** Whether a proxy relayed the call ({@link #PROXY_HEADERS}). */
  static boolean relayed(ContainerRequestContext request) {
    return PROXY_HEADERS.stream().anyMatch(h -> request.getHeaderString(h) != null);
  }

  static boolean needsCredential(ResourceInfo resource) {
    if (resource == null) {
      return false;
    }
    Method method = resource.getResourceMethod();
    Class<?> type = resource.getResourceClass();
    return (method != null && method.isAnnotationPresent(NeedsCredential.class))
        || (type != null && type.isAnnotationPresent(NeedsCredential.class));
  }

  /** Why a call whose {@code Host} header is not one of this service's names is refused. */
  static String hostRefused(String host) {
    return "the Host header names '"
        + printable(host)
        + "', which is not a name of this service: a page of another site may have pointed its"
        + " name at this machine (DNS rebinding). If clients reach the service by that name, add"
        + " it to tributary.auth.allowed-hosts";
  }

  private static Response error(Response.Status status, String message) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(Map.of("error", message))
        .build();
  }

  /** At most 100 characters, control characters as '?': safe to put in a message and a log. */
  private static String printable(String s) {
    String cut = s.length() > 100 ? s.substring(0, 100) + "..." : s;
    StringBuilder out = new StringBuilder(cut.length());
    cut.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return out.toString();
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
