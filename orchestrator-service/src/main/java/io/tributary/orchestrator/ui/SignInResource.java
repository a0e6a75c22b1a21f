package io.tributary.orchestrator.ui;

import io.tributary.auth.CredentialThrottle;
import io.tributary.auth.OperatorAuthConfig;
import io.tributary.auth.OperatorAuthException;
import io.tributary.auth.OperatorAuthFilter;
import io.tributary.auth.OperatorCredentials;
import io.tributary.auth.OperatorIdentity;
import io.tributary.auth.OperatorSessions;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * Signing in to the web UI: the credential the API takes (the operator token, or a user and
 * password in mode basic) is checked once and exchanged for a session cookie ({@link
 * OperatorSessions}); the UI's pages then call the API with it. Wrong credentials count towards the
 * lockout of {@link CredentialThrottle}, as at the API.
 */
@Path("/ui")
@Tag(name = "ui")
public class SignInResource {
  private static final Logger LOG = Logger.getLogger(SignInResource.class);

  static final String UI = "/ui/";
  static final String SIGN_IN_PAGE = "/ui/sign-in.html";

  private final OperatorCredentials credentials;
  private final OperatorSessions sessions;
  private final OperatorIdentity operator;
  private final CredentialThrottle throttle;
  private final OperatorAuthConfig config;

  public SignInResource(
      OperatorCredentials credentials,
      OperatorSessions sessions,
      OperatorIdentity operator,
      CredentialThrottle throttle,
      OperatorAuthConfig config) {
    this.throttle = throttle;
    this.config = config;
    this.credentials = credentials;
    this.sessions = sessions;
    this.operator = operator;
  }

  @POST
  @Path("/sign-in")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Operation(
      summary = "Sign in to the web UI",
      description =
          "Form fields: token (mode token), or user and password (mode basic); then: the UI page to"
              + " go to. 303 to it with a session cookie, or back to the sign-in page saying why.")
  @APIResponse(
      responseCode = "429",
      description =
          "too many wrong credentials from this address (or for this user): refused for a while")
  public Response signIn(
      @FormParam("token") String token,
      @FormParam("user") String user,
      @FormParam("password") String password,
      @FormParam("then") String then,
      @Context HttpServerRequest http) {
    String header =
        user != null && !user.isBlank()
            ? "Basic "
                + Base64.getEncoder()
                    .encodeToString(
                        (user + ":" + (password == null ? "" : password))
                            .getBytes(StandardCharsets.UTF_8))
            : token == null || token.isBlank() ? null : "Bearer " + token.strip();
    String address = OperatorAuthFilter.address(http);
    Optional<String> claimed = credentials.claimedUser(header);
    Optional<Duration> locked = throttle.lockedFor(address, claimed);
    if (locked.isPresent()) {
      String why = CredentialThrottle.message(address, locked.get());
      LOG.infof("Refused a sign-in: %s", why);
      return Response.status(OperatorAuthFilter.TOO_MANY_REQUESTS)
          .header(HttpHeaders.RETRY_AFTER, Math.max(1, locked.get().toSeconds()))
          .type(MediaType.APPLICATION_JSON_TYPE)
          .entity(Map.of("error", why))
          .build();
    }
    String name;
    try {
      name = credentials.authenticate(header, "signing in to the web UI");
      throttle.succeeded(address, claimed);
    } catch (OperatorAuthException e) {
      if (e.wrongSecret()) {
        throttle.failed(address, claimed);
      }
      LOG.infof("Refused a sign-in from %s: %s", address, e.getMessage());
      return Response.seeOther(
              URI.create(
                  SIGN_IN_PAGE
                      + "?error="
                      + URLEncoder.encode(e.getMessage(), StandardCharsets.UTF_8)
                      + "&then="
                      + URLEncoder.encode(page(then), StandardCharsets.UTF_8)))
          .build();
    }
    NewCookie cookie =
        new NewCookie.Builder(OperatorSessions.COOKIE)
            .value(sessions.open(name))
            .path("/")
            .secure(secure(http))
            .httpOnly(true)
            .sameSite(NewCookie.SameSite.STRICT)
            .maxAge((int) Math.min(Integer.MAX_VALUE, sessions.ttlSeconds()))
            .build();
    return Response.seeOther(URI.create(page(then))).cookie(cookie).build();
  }

  @POST
  @Path("/sign-out")
  @Operation(summary = "Sign out of the web UI", description = "Ends the session; 303 to sign-in.")
  public Response signOut(
      @CookieParam(OperatorSessions.COOKIE) String session, @Context HttpServerRequest http) {
    sessions.close(session);
    NewCookie expired =
        new NewCookie.Builder(OperatorSessions.COOKIE)
            .value("")
            .path("/")
            .secure(secure(http))
            .httpOnly(true)
            .sameSite(NewCookie.SameSite.STRICT)
            .maxAge(0)
            .build();
    return Response.seeOther(URI.create(SIGN_IN_PAGE)).cookie(expired).build();
  }

  @GET
  @Path("/whoami")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Who the web UI is signed in as",
      description =
          "{operator}: anonymous when not signed in (only where"
              + " tributary.auth.open-reads-on-loopback opens reads).")
  public Map<String, String> whoami() {
    return Map.of("operator", operator.name());
  }

  /**
   * Whether the session cookie is {@code Secure} ({@code tributary.auth.session-cookie-secure}):
   * always, or (auto) when the sign-in came over HTTPS, to the service or through a proxy that says
   * so. Trusting the proxy's word here can only make the cookie stricter.
   */
  private boolean secure(HttpServerRequest http) {
    if (config.sessionCookieSecure() == OperatorAuthConfig.CookieSecure.ALWAYS || http.isSSL()) {
      return true;
    }
    String proto = http.getHeader("X-Forwarded-Proto");
    String forwarded = http.getHeader("Forwarded");
    return (proto != null && proto.strip().equalsIgnoreCase("https"))
        || (forwarded != null && forwarded.toLowerCase(Locale.ROOT).contains("proto=https"));
  }

  /** Only a page of the UI itself is a place to go after signing in. */
  static String page(String then) {
    if (then == null
        || !then.startsWith(UI)
        || then.contains("//")
        || then.contains("\\")
        || then.chars().anyMatch(c -> c < 0x20)) {
      return UI;
    }
    return then;
  }
}
