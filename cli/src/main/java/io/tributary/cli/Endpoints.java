package io.tributary.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which API the command line calls and with which operator token.
 *
 * <p>The API is {@code $TRIBUTARY_API}, else the one in {@code deploy/local/.run/endpoints.env}
 * (written by {@code deploy/local/up.sh}), else {@value #DEFAULT_API}. The token is {@code
 * $TRIBUTARY_TOKEN}, else the one in endpoints.env, but that one only when the API is the local
 * runtime's: a token goes only to the API it belongs to.
 *
 * @param api the API's base address, without a trailing slash
 * @param apiFrom where the address comes from, for messages ({@code $TRIBUTARY_API}, the file, the
 *     default)
 * @param token the operator token, null for none
 * @param tokenFrom where the token comes from
 * @param endpointsFile the local runtime's endpoints.env (it may not exist)
 * @param localApi the API endpoints.env names, null without the file
 * @param localTokenWithheld true when endpoints.env has a token that was not sent (another API)
 */
public record Endpoints(
    String api,
    String apiFrom,
    String token,
    TokenSource tokenFrom,
    Path endpointsFile,
    String localApi,
    boolean localTokenWithheld) {

  /** The local runtime's API when nothing names one. */
  public static final String DEFAULT_API = "http://127.0.0.1:18080";

  static final String API_VARIABLE = "TRIBUTARY_API";
  static final String TOKEN_VARIABLE = "TRIBUTARY_TOKEN";

  /** What a bearer token may hold (RFC 6750's b64token). */
  private static final Pattern BEARER_TOKEN = Pattern.compile("[A-Za-z0-9._~+/=-]+");

  /** Where the token comes from. */
  public enum TokenSource {
    NONE,
    ENVIRONMENT,
    ENDPOINTS_FILE
  }

  /**
   * Resolves the API and the token from the environment and the endpoints file.
   *
   * @param warnings where a value of endpoints.env that needs the shell is reported
   */
  public static Endpoints resolve(
      Map<String, String> env, Path endpointsFile, PrintWriter warnings) {
    String api = blankToNull(env.get(API_VARIABLE));
    String apiFrom = api == null ? "the default" : "set by $" + API_VARIABLE;
    String token = blankToNull(env.get(TOKEN_VARIABLE));
    TokenSource from = token == null ? TokenSource.NONE : TokenSource.ENVIRONMENT;
    String localApi = null;
    boolean withheld = false;
    if ((api == null || token == null)
        && endpointsFile != null
        && Files.isReadable(endpointsFile)) {
      EnvFile file;
      try {
        file = EnvFile.parse(Files.readAllLines(endpointsFile, StandardCharsets.UTF_8));
      } catch (IOException | RuntimeException e) {
        file = EnvFile.parse(List.of());
        warnings.println("tributary: cannot read " + endpointsFile + ": " + e.getMessage());
      }
      for (String name : new String[] {API_VARIABLE, TOKEN_VARIABLE}) {
        if (file.unevaluated().contains(name)) {
          warnings.println(
              "tributary: "
                  + endpointsFile
                  + ": "
                  + name
                  + " needs the shell to expand it and is ignored; set "
                  + name
                  + " instead");
        }
      }
      localApi = normalize(blankToNull(file.values().get(API_VARIABLE)));
      if (localApi == null) {
        localApi = DEFAULT_API;
      }
      String localToken = blankToNull(file.values().get(TOKEN_VARIABLE));
      if (api == null) {
        api = localApi;
        apiFrom = "from " + endpointsFile;
      }
      if (token == null && localToken != null) {
        if (sameApi(api, localApi)) {
          token = localToken;
          from = TokenSource.ENDPOINTS_FILE;
        } else {
          withheld = true;
        }
      }
    }
    return new Endpoints(
        normalize(api == null ? DEFAULT_API : api),
        apiFrom,
        token,
        from,
        endpointsFile,
        localApi,
        withheld);
  }

  /**
   * Refuses an address that is not http(s)://host[:port][/path] and a token with characters a
   * bearer token cannot have (exit 2).
   */
  public Endpoints check() {
    URI uri = null;
    try {
      uri = new URI(api);
    } catch (URISyntaxException e) {
      // said below
    }
    String scheme =
        uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https"))
        || uri.getHost() == null
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      throw CliException.usage(
          "the API address '"
              + api
              + "' ("
              + apiFrom
              + ") is not an http:// or https:// address such as "
              + DEFAULT_API);
    }
    if (token != null && !BEARER_TOKEN.matcher(token).matches()) {
      throw CliException.usage(
          (tokenFrom == TokenSource.ENVIRONMENT
                  ? TOKEN_VARIABLE
                  : TOKEN_VARIABLE + " in " + endpointsFile)
              + " holds characters a bearer token cannot have");
    }
    return this;
  }

  /** What to do about a 401: where the token comes from, or that none was sent and why. */
  public String authHint() {
    return switch (tokenFrom) {
      case NONE ->
          localTokenWithheld
              ? "no operator token was sent: the one in "
                  + endpointsFile
                  + " belongs to "
                  + localApi
                  + ", not to "
                  + api
                  + "; set "
                  + TOKEN_VARIABLE
              : "no operator token was sent: set "
                  + TOKEN_VARIABLE
                  + " (the local runtime writes it to deploy/local/.run/endpoints.env)";
      case ENVIRONMENT ->
          "the operator token in "
              + TOKEN_VARIABLE
              + " was refused (the local runtime's token is in deploy/local/.run/operator-token)";
      case ENDPOINTS_FILE ->
          "the operator token from "
              + endpointsFile
              + " was refused (deploy/local/up.sh writes it; or set "
              + TOKEN_VARIABLE
              + ")";
    };
  }

  @Override
  public String toString() {
    // Never the token itself.
    return "Endpoints[api=" + api + ", token from " + tokenFrom + "]";
  }

  static boolean sameApi(String a, String b) {
    return a != null && b != null && normalize(a).equalsIgnoreCase(normalize(b));
  }

  private static String normalize(String api) {
    if (api == null) {
      return null;
    }
    String out = api.strip();
    while (out.endsWith("/")) {
      out = out.substring(0, out.length() - 1);
    }
    return out;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
