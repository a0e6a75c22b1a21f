package io.tributary.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Operator credentials of the REST API ({@code tributary.auth.*}). Every call needs a credential,
 * reads (GET, HEAD) included, unless {@link #openReadsOnLoopback()} opens reads from loopback. A
 * call must name the service by one of its own names ({@link #allowedHosts()}). {@code /q/health*},
 * {@code /q/openapi} and {@code /q/swagger-ui} are always open.
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
   * Whether reads (GET, HEAD) from loopback (127.0.0.0/8, ::1) are allowed without a credential
   * (default false: every call but {@code /q/*} needs one). Turning it on trades safety for
   * convenience: anything that relays to the service from this machine (a same-host reverse proxy,
   * {@code kubectl port-forward}, an SSH tunnel, another local user's process) then reads without a
   * credential, validation differences (row values) included. A call carrying a proxy header
   * ({@code Forwarded}, {@code X-Forwarded-For}, {@code X-Real-IP}, ...) never counts as from
   * loopback, nor does the live view ({@link NeedsCredential}).
   */
  @WithDefault("false")
  boolean openReadsOnLoopback();

  /**
   * Names the service answers to besides its own (a call's {@code Host} header must be one of them,
   * else 400): e.g. the name of an ingress or a Kubernetes service, {@code
   * tributary-orchestrator.tributary.svc}. Its own names are always allowed: {@code localhost},
   * {@code 127.0.0.1}, {@code [::1]}, the machine's host name and the addresses of its network
   * interfaces. {@code *} allows any name (turns the check off, and with it the defense against DNS
   * rebinding). A port in the header is ignored.
   */
  Optional<List<String>> allowedHosts();

  /**
   * How many failed credentials (a wrong token or password, at the API or at the web UI's sign-in)
   * a remote address, or in mode basic a user, may give before its credentials are refused with 429
   * for {@link #lockout()}.
   */
  @WithDefault("5")
  int lockoutAfterFailures();

  /**
   * How long credentials are refused (429) after {@link #lockoutAfterFailures()} failures; failures
   * older than this are forgotten.
   */
  @WithDefault("1m")
  Duration lockout();

  /**
   * How long a web UI sign-in lasts: the browser keeps a session cookie ({@code tributary-session},
   * HttpOnly, SameSite=Strict) that stands for the credential given at sign-in until then, or until
   * the service restarts.
   */
  @WithDefault("12h")
  Duration sessionTtl();

  /** When the session cookie carries {@code Secure} (sent back over HTTPS only). */
  enum CookieSecure {
    /**
     * When the sign-in came over HTTPS: to the service itself, or through a proxy that says so with
     * {@code X-Forwarded-Proto: https} or {@code Forwarded: proto=https}.
     */
    AUTO,
    /** Always: a browser on plain HTTP other than localhost then keeps no session. */
    ALWAYS
  }

  /** {@code auto} (default) or {@code always}. */
  @WithDefault("auto")
  CookieSecure sessionCookieSecure();
}
