package io.tributary.auth;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Checks an operator credential given with the syntax of an HTTP {@code Authorization} header
 * ({@code Bearer <token>} or {@code Basic <base64 user:password>}) against {@link
 * OperatorAuthConfig}. Independent of JAX-RS: REST calls (through {@link OperatorAuthFilter}) and
 * commands read from Kafka (their {@code authorization} field) are checked alike.
 *
 * <p>A token file is read once, at startup: a missing, unreadable or empty file fails startup.
 * Secrets are compared in constant time (their SHA-256 digests, with {@link
 * MessageDigest#isEqual}).
 */
@ApplicationScoped
@Startup
public class OperatorCredentials {
  private static final Logger LOG = Logger.getLogger(OperatorCredentials.class);

  /** Why the calls checked by {@link #authenticate(String)} need a credential. */
  public static final String CHANGES = "this call changes a migration";

  private static final String BEARER = "Bearer";
  private static final String BASIC = "Basic";
  private static final String REALM = " realm=\"tributary\"";
  private static final Pattern SCHEME_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,19}");

  private final OperatorAuthConfig.Mode mode;
  private final String operatorName;
  private final byte[] tokenDigest;
  private final byte[] tokenKey;
  private final Map<String, String> users;

  /** Each user's signing key, derived once (PBKDF2 takes a noticeable fraction of a second). */
  private final Map<String, byte[]> passwordKeys = new ConcurrentHashMap<>();

  /**
   * The key an unknown user's command is checked with, so that it takes as long as a known one's.
   */
  private static final byte[] UNKNOWN_USER_KEY = new byte[32];

  public OperatorCredentials(OperatorAuthConfig config) {
    this.mode = config.mode();
    this.operatorName = config.operatorName();
    this.users = Map.copyOf(config.users());
    Optional<String> token = resolveToken(config);
    token.ifPresent(
        t ->
            PlaceholderSecrets.refuse(
                config.tokenFile().isPresent()
                    ? "the operator token file " + config.tokenFile().get()
                    : "tributary.auth.token",
                t));
    users.forEach(
        (user, password) -> PlaceholderSecrets.refuse("tributary.auth.users." + user, password));
    this.tokenDigest = token.map(OperatorCredentials::digest).orElse(null);
    this.tokenKey = token.map(t -> t.getBytes(StandardCharsets.UTF_8)).orElse(null);
    switch (mode) {
      case TOKEN ->
          LOG.infof(
              token.isPresent()
                  ? "Operator credentials: bearer token (%s); reads from loopback %s"
                  : "Operator credentials: mode token but NO token is configured (%s): every call"
                      + " that needs a credential is refused; reads from loopback %s",
              config.tokenFile().map(f -> "from " + f).orElse("tributary.auth.token"),
              config.openReadsOnLoopback()
                  ? "need none (tributary.auth.open-reads-on-loopback)"
                  : "need one too");
      case BASIC ->
          LOG.infof(
              "Operator credentials: basic, users %s; reads from loopback %s",
              new TreeSet<>(users.keySet()),
              config.openReadsOnLoopback()
                  ? "need none (tributary.auth.open-reads-on-loopback)"
                  : "need one too");
      case NONE ->
          LOG.warn(
              "Operator credentials: mode none: every call is allowed and recorded as anonymous");
    }
  }

  /** The configured mode. */
  public OperatorAuthConfig.Mode mode() {
    return mode;
  }

  /**
   * The {@code WWW-Authenticate} challenge of a 401: {@code Bearer realm="tributary"}, or {@code
   * Basic realm="tributary"} in mode basic.
   */
  public String challenge() {
    return (mode == OperatorAuthConfig.Mode.BASIC ? BASIC : BEARER) + REALM;
  }

  /**
   * Checks a credential given to change a migration.
   *
   * @param authorizationHeader the value of an {@code Authorization} header (null when absent)
   * @return the operator's name: the configured operator name for the token, the user in mode
   *     basic, {@value OperatorIdentity#ANONYMOUS} in mode none
   * @throws OperatorAuthException saying exactly what is wrong
   */
  public String authenticate(String authorizationHeader) {
    return authenticate(authorizationHeader, CHANGES);
  }

  /**
   * Checks a credential.
   *
   * @param authorizationHeader the value of an {@code Authorization} header (null when absent)
   * @param why why a credential is needed, for the message when none is given (e.g. {@value
   *     #CHANGES})
   * @return the operator's name (see {@link #authenticate(String)})
   * @throws OperatorAuthException saying exactly what is wrong
   */
  public String authenticate(String authorizationHeader, String why) {
    if (mode == OperatorAuthConfig.Mode.NONE) {
      return OperatorIdentity.ANONYMOUS;
    }
    if (mode == OperatorAuthConfig.Mode.TOKEN && tokenDigest == null) {
      throw new OperatorAuthException(
          "mode is token but no token is configured (set tributary.auth.token or" + " token-file)");
    }
    if (mode == OperatorAuthConfig.Mode.BASIC && users.isEmpty()) {
      throw new OperatorAuthException(
          "mode is basic but no users are configured (set"
              + " tributary.auth.users.<name>=<password>)");
    }
    String expected = mode == OperatorAuthConfig.Mode.BASIC ? BASIC : BEARER;
    String syntax =
        mode == OperatorAuthConfig.Mode.BASIC
            ? "Authorization: Basic <base64 of user:password>"
            : "Authorization: Bearer <token>";
    if (authorizationHeader == null || authorizationHeader.isBlank()) {
      throw new OperatorAuthException(
          "no Authorization header: " + why + " and needs an operator credential (" + syntax + ")");
    }
    String header = authorizationHeader.strip();
    int space = header.indexOf(' ');
    String scheme = space < 0 ? header : header.substring(0, space);
    String credential = space < 0 ? "" : header.substring(space + 1).strip();
    if (!scheme.equalsIgnoreCase(expected)) {
      // Name the scheme only when it looks like one: a bare token must not end up in a log.
      throw new OperatorAuthException(
          space > 0 && SCHEME_NAME.matcher(scheme).matches()
              ? "malformed Authorization header: the scheme is '"
                  + scheme
                  + "' but this orchestrator expects "
                  + syntax
              : "malformed Authorization header: no scheme (this orchestrator expects "
                  + syntax
                  + ")");
    }
    if (credential.isEmpty()) {
      throw new OperatorAuthException(
          "malformed Authorization header: '"
              + expected
              + "' without a credential ("
              + syntax
              + ")");
    }
    return mode == OperatorAuthConfig.Mode.BASIC ? basic(credential) : bearer(credential);
  }

  /**
   * Checks the signature of a command read from Kafka, which carries no credential: an HMAC-SHA256
   * of its text keyed with the operator's secret (the token; in mode basic, the key {@link
   * CommandSignature#passwordKey} derives from the password of the user it names), so that nobody
   * who can only read the topic learns the secret.
   *
   * @param user the user the command names (mode basic; ignored otherwise)
   * @param signed the text that was signed ({@link CommandSignature#text})
   * @param signature the signature, hex
   * @return the operator's name (as {@link #authenticate(String)})
   * @throws OperatorAuthException saying what is wrong, never the secret
   */
  public String verifySignature(String user, String signed, String signature) {
    if (mode == OperatorAuthConfig.Mode.NONE) {
      return OperatorIdentity.ANONYMOUS;
    }
    if (signature == null || signature.isBlank()) {
      throw new OperatorAuthException(
          "the command has no signature: sign it with the operator's "
              + (mode == OperatorAuthConfig.Mode.BASIC ? "password" : "token")
              + " (HMAC-SHA256, docs/api.md#commands)");
    }
    byte[] key;
    String name;
    if (mode == OperatorAuthConfig.Mode.TOKEN) {
      if (tokenKey == null) {
        throw new OperatorAuthException(
            "mode is token but no token is configured (set tributary.auth.token or"
                + " token-file)");
      }
      key = tokenKey;
      name = operatorName;
    } else {
      if (user == null || user.isBlank()) {
        throw new OperatorAuthException(
            "the command names no operator: in mode basic, \"operator\" names the user whose"
                + " password signed it");
      }
      String known = users.get(user);
      // Sign even for an unknown user, so the time taken does not tell which users exist.
      key =
          known == null
              ? UNKNOWN_USER_KEY
              : passwordKeys.computeIfAbsent(
                  user, u -> CommandSignature.passwordKey(u, users.get(u)));
      name = user;
      if (known == null) {
        CommandSignature.matches(key, signed, signature);
        throw new OperatorAuthException(
            "unknown user '" + printable(user) + "' or a wrong signature");
      }
    }
    if (!CommandSignature.matches(key, signed, signature)) {
      throw new OperatorAuthException(
          mode == OperatorAuthConfig.Mode.TOKEN
              ? "the signature is not the operator token's"
              : "unknown user '"
                  + printable(user)
                  + "' or a wrong signature (mode basic: keyed with PBKDF2-HMAC-SHA256 of the"
                  + " user's password, docs/cutover.md: operator commands as Kafka events)");
    }
    return name;
  }

  /**
   * The user a {@code Basic} credential names in mode basic (whether or not its password is right),
   * to count failed guesses per user; empty in other modes or when none can be read.
   */
  public Optional<String> claimedUser(String authorizationHeader) {
    if (mode != OperatorAuthConfig.Mode.BASIC || authorizationHeader == null) {
      return Optional.empty();
    }
    String header = authorizationHeader.strip();
    int space = header.indexOf(' ');
    if (space < 0 || !header.substring(0, space).equalsIgnoreCase(BASIC)) {
      return Optional.empty();
    }
    try {
      String decoded =
          new String(
              Base64.getDecoder().decode(header.substring(space + 1).strip()),
              StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon < 0 ? Optional.empty() : Optional.of(decoded.substring(0, colon));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private String bearer(String token) {
    if (!MessageDigest.isEqual(digest(token), tokenDigest)) {
      throw new OperatorAuthException("the bearer token is not the operator token", true);
    }
    return operatorName;
  }

  private String basic(String credential) {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(credential), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new OperatorAuthException(
          "malformed Authorization header: the Basic credential is not base64 (of user:password)");
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      throw new OperatorAuthException(
          "malformed Authorization header: the Basic credential is not user:password (no ':')");
    }
    String user = decoded.substring(0, colon);
    String password = decoded.substring(colon + 1);
    String known = users.get(user);
    // Compare even for an unknown user, so the time taken does not tell which users exist.
    boolean matches =
        MessageDigest.isEqual(digest(password), digest(known == null ? "\0unknown" : known));
    if (known == null || !matches) {
      throw new OperatorAuthException(
          "unknown user '" + printable(user) + "' or wrong password", true);
    }
    return user;
  }

  private static Optional<String> resolveToken(OperatorAuthConfig config) {
    Optional<String> inline = config.token().map(String::strip).filter(t -> !t.isEmpty());
    if (config.tokenFile().isEmpty()) {
      return inline;
    }
    Path file = config.tokenFile().get();
    if (inline.isPresent()) {
      throw new IllegalStateException(
          "both tributary.auth.token and tributary.auth.token-file ("
              + file
              + ") are set: give only one");
    }
    String content;
    try {
      content = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot read the operator token file "
              + file.toAbsolutePath()
              + " (tributary.auth.token-file): "
              + e,
          e);
    }
    if (content.isEmpty()) {
      throw new IllegalStateException(
          "the operator token file "
              + file.toAbsolutePath()
              + " (tributary.auth.token-file) is empty");
    }
    return Optional.of(content);
  }

  private static byte[] digest(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** At most 40 characters, control characters as '?': safe to put in a message and a log. */
  private static String printable(String s) {
    String cut = s.length() > 40 ? s.substring(0, 40) + "..." : s;
    StringBuilder out = new StringBuilder(cut.length());
    cut.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return out.toString();
  }
}
