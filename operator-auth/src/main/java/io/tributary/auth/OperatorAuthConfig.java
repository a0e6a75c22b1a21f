package io.tributary.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Operator credentials of the REST API ({@code tributary.auth.*}). Calls that change something
 * (POST, PUT, PATCH, DELETE) need a credential; so do reads (GET, HEAD), unless {@link
 * #openReadsOnLoopback()} opens them on loopback. {@code /q/health*}, {@code /q/openapi} and {@code
 * /q/swagger-ui} are always open.
 */
@ConfigMapping(prefix = "tributary.auth")
public interface OperatorAuthConfig {

  /** How callers prove they are an operator. */
  enum Mode {
    /** {@code Authorization: Bearer <token>} with the one operator token. */
    TOKEN,
    /** {@code Authorization: Basic <base64 user:password>} with one of {@link #users()}. */
    BASIC,
    /** No credential: every call is allowed and recorded as {@code anonymous}. Tests only. */
    NONE
  }

  /** {@code token} (default), {@code basic} or {@code none}. */
  @WithDefault("token")
  Mode mode();

  /**
   * The operator token of mode {@code token} (e.g. from the environment variable {@code
   * TRIBUTARY_AUTH_TOKEN}). Give either this or {@link #tokenFile()}, not both.
   */
  Optional<String> token();

  /**
   * A file holding the operator token of mode {@code token}, read once at startup and trimmed. A
   * missing, unreadable or empty file fails startup.
   */
  Optional<Path> tokenFile();

  /**
   * The operators of mode {@code basic}: user name to password, e.g. {@code
   * tributary.auth.users.alice=secret}.
   */
  Map<String, String> users();

  /**
   * The name recorded (audit log, {@code requested_by}) for callers with the operator token. In
   * mode {@code basic} the user name is recorded instead.
   */
  @WithDefault("operator")
  String operatorName();

  /**
   * Whether reads (GET, HEAD) from loopback (127.0.0.0/8, ::1) naming a loopback {@code Host}
   * ({@code localhost}, 127.x, {@code [::1]}) are allowed without a credential. Off by default:
   * anything on the machine can reach loopback (a local reverse proxy, {@code kubectl
   * port-forward}, another user's process), so every call but {@code /q/*} needs a credential. On
   * is a convenience for a machine of one's own (the local runtime's scripts read with it); even
   * then a read naming another {@code Host} (a page of another site that a browser resolved to this
   * machine) needs a credential.
   */
  @WithDefault("false")
  boolean openReadsOnLoopback();

  /**
   * How long a web UI sign-in lasts: the browser keeps a session cookie ({@code tributary-session},
   * HttpOnly, SameSite=Strict) that stands for the credential given at sign-in until then, or until
   * the service restarts.
   */
  @WithDefault("12h")
  Duration sessionTtl();
}
