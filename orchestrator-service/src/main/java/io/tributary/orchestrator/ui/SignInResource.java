package io.tributary.orchestrator.ui;

import io.tributary.auth.OperatorAuthException;
import io.tributary.auth.OperatorCredentials;
import io.tributary.auth.OperatorIdentity;
import io.tributary.auth.OperatorSessions;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Signing in to the web UI: the credential the API takes (the operator token, or a user and
 * password in mode basic) is checked once and exchanged for a session cookie ({@link
 * OperatorSessions}); the UI's pages then call the API with it.
 */
@Path("/ui")
@Tag(name = "ui")
public class SignInResource {
  static final String UI = "/ui/";
  static final String SIGN_IN_PAGE = "/ui/sign-in.html";

  private final OperatorCredentials credentials;
  private final OperatorSessions sessions;
  private final OperatorIdentity operator;

  public SignInResource(
      OperatorCredentials credentials, OperatorSessions sessions, OperatorIdentity operator) {
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
  public Response signIn(
      @FormParam("token") String token,
      @FormParam("user") String user,
      @FormParam("password") String password,
      @FormParam("then") String then) {
    String header =
        user != null && !user.isBlank()
            ? "Basic "
                + Base64.getEncoder()
                    .encodeToString(
                        (user + ":" + (password == null ? "" : password))
                            .getBytes(StandardCharsets.UTF_8))
            : token == null || token.isBlank() ? null : "Bearer " + token.strip();
    String name;
    try {
      name = credentials.authenticate(header, "signing in to the web UI");
    } catch (OperatorAuthException e) {
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
            .httpOnly(true)
            .sameSite(NewCookie.SameSite.STRICT)
            .maxAge((int) Math.min(Integer.MAX_VALUE, sessions.ttlSeconds()))
            .build();
    return Response.seeOther(URI.create(page(then))).cookie(cookie).build();
  }

  @POST
  @Path("/sign-out")
  @Operation(summary = "Sign out of the web UI", description = "Ends the session; 303 to sign-in.")
  public Response signOut(@CookieParam(OperatorSessions.COOKIE) String session) {
    sessions.close(session);
    NewCookie expired =
        new NewCookie.Builder(OperatorSessions.COOKIE)
            .value("")
            .path("/")
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
      description = "{operator}: anonymous when not signed in (reads from loopback are open).")
  public Map<String, String> whoami() {
    return Map.of("operator", operator.name());
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
