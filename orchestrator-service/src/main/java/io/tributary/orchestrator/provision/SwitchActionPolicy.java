package io.tributary.orchestrator.provision;

import io.tributary.common.plan.ConfinedDirectory;
import io.tributary.common.plan.CutoverAction;
import io.tributary.common.plan.CutoverPlan;
import io.tributary.common.plan.PlanError;
import io.tributary.orchestrator.OrchestratorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where switch actions may reach: {@code env-file} only into the directories the operator
 * configured ({@code tributary.orchestrator.cutover.env-file-dirs}), {@code pgbouncer} only
 * rewriting a configuration file in {@code pgbouncer-config-dirs} (symbolic links resolved, see
 * {@link ConfinedDirectory}), {@code webhook} only to the configured hosts ({@code webhook-hosts},
 * unset: any) and never to a link-local or unspecified address, nor to a loopback, private or
 * unique-local one unless {@code webhook-private-networks} lists its range. Checked when a plan is
 * submitted and again when an action runs (the settings, the files or the name's addresses may have
 * changed since); a webhook posts to the address its check resolved ({@link WebhookAddress}). Also
 * how a webhook's URL is shown: without its path and query, which often carry a secret.
 */
@ApplicationScoped
public class SwitchActionPolicy {
  /** Resolves a host's name to its addresses (the system resolver; tests give their own). */
  @FunctionalInterface
  public interface HostResolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  private static final String SETTINGS = "tributary.orchestrator.cutover.";

  /** Addresses of the carrier-grade NAT range (100.64.0.0/10): private in practice. */
  private static final NetworkRange SHARED = NetworkRange.parse("100.64.0.0/10");

  /** IPv6 unique local addresses (fc00::/7): IPv6's private range. */
  private static final NetworkRange UNIQUE_LOCAL = NetworkRange.parse("fc00::/7");

  private final List<Path> envFileDirs;
  private final List<Path> pgBouncerConfigDirs;
  private final List<String> webhookHosts;
  private final List<NetworkRange> privateNetworks;
  private final HostResolver resolver;

  @Inject
  public SwitchActionPolicy(OrchestratorConfig config) {
    this(
        config.cutover().envFileDirs().orElse(List.of()),
        config.cutover().pgbouncerConfigDirs().orElse(List.of()),
        config.cutover().webhookHosts().orElse(null),
        config.cutover().webhookPrivateNetworks().orElse(List.of()).stream()
            .map(NetworkRange::parse)
            .toList(),
        InetAddress::getAllByName);
  }

  /**
   * @param envFileDirs where env files may be written (none: nowhere)
   * @param pgBouncerConfigDirs where the PgBouncer configuration files actions rewrite may be
   *     (none: nowhere)
   * @param webhookHosts the hosts webhooks may reach, or null for any
   * @param privateNetworks the loopback, private and unique-local ranges webhooks may post to
   * @param resolver resolves webhooks' hosts
   */
  public SwitchActionPolicy(
      List<Path> envFileDirs,
      List<Path> pgBouncerConfigDirs,
      List<String> webhookHosts,
      List<NetworkRange> privateNetworks,
      HostResolver resolver) {
    this.envFileDirs = List.copyOf(envFileDirs);
    this.pgBouncerConfigDirs = List.copyOf(pgBouncerConfigDirs);
    this.webhookHosts =
        webhookHosts == null
            ? null
            : webhookHosts.stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
    this.privateNetworks = List.copyOf(privateNetworks);
    this.resolver = resolver;
  }

  /**
   * Env files and PgBouncer configurations anywhere, webhooks to any host but link-local ones: for
   * checking plans outside a deployment (tools, tests), never for running a cutover.
   */
  public static SwitchActionPolicy unrestricted() {
    return new SwitchActionPolicy(
        List.of(Path.of("/")),
        List.of(Path.of("/")),
        null,
        List.of(NetworkRange.parse("0.0.0.0/0"), NetworkRange.parse("::/0")),
        InetAddress::getAllByName);
  }

  /** The problems of a plan's cutover actions, each naming its field. */
  public List<PlanError> check(CutoverPlan plan) {
    List<PlanError> errors = new ArrayList<>();
    for (int i = 0; i < plan.actions().size(); i++) {
      CutoverAction action = plan.actions().get(i);
      String field = "cutover.actions[" + i + "]." + action.kind();
      String refusal = refusal(action);
      if (refusal != null) {
        errors.add(new PlanError(field + "." + field(action), refusal));
      }
    }
    return errors;
  }

  /** The plan's field of an action that a refusal is about. */
  private static String field(CutoverAction action) {
    if (action instanceof CutoverAction.EnvFile) {
      return "path";
    }
    return action instanceof CutoverAction.PgBouncer ? "config" : "url";
  }

  /** Why {@code action} may not run here, or null. */
  public String refusal(CutoverAction action) {
    try {
      if (action instanceof CutoverAction.EnvFile env) {
        envFile(env.path());
      } else if (action instanceof CutoverAction.PgBouncer p) {
        pgBouncerConfig(p.config());
      } else if (action instanceof CutoverAction.Webhook hook) {
        webhook(hook.url());
      }
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    return null;
  }

  /**
   * Where an env file named {@code path} is written: its real path (symbolic links resolved as they
   * are at this moment) in a directory of {@code env-file-dirs}. Called again right before each
   * write, which then writes there.
   *
   * @throws IllegalArgumentException saying why it may not be written
   */
  public Path envFile(Path path) {
    Path target = path.toAbsolutePath().normalize();
    if (envFileDirs.isEmpty()) {
      throw new IllegalArgumentException(
          "env files may be written into no directory: name the directories applications read"
              + " their settings from in "
              + SETTINGS
              + "env-file-dirs");
    }
    Path real = within(target, envFileDirs);
    if (real == null) {
      throw new IllegalArgumentException(
          target
              + " is not in a directory env files may be written into ("
              + SETTINGS
              + "env-file-dirs: "
              + envFileDirs
              + ")");
    }
    if (Files.isSymbolicLink(target)) {
      throw new IllegalArgumentException(
          target + " is a symbolic link: name the file it points to");
    }
    return real;
  }

  /**
   * Where a {@code pgbouncer} action reads and rewrites the configuration file {@code path}: its
   * real path in a directory of {@code pgbouncer-config-dirs}. Called again right before each
   * write, which then writes there.
   *
   * @throws IllegalArgumentException saying why it may not be rewritten
   */
  public Path pgBouncerConfig(Path path) {
    Path target = path.toAbsolutePath().normalize();
    if (pgBouncerConfigDirs.isEmpty()) {
      throw new IllegalArgumentException(
          "PgBouncer configuration files may be rewritten in no directory: name the directory"
              + " of PgBouncer's configuration in "
              + SETTINGS
              + "pgbouncer-config-dirs");
    }
    Path real = within(target, pgBouncerConfigDirs);
    if (real == null) {
      throw new IllegalArgumentException(
          target
              + " is not in a directory PgBouncer configuration files may be rewritten in ("
              + SETTINGS
              + "pgbouncer-config-dirs: "
              + pgBouncerConfigDirs
              + ")");
    }
    return real;
  }

  /**
   * The real path of {@code target} (links resolved, without looking outside the directories) in
   * one of {@code dirs}, or null.
   */
  private static Path within(Path target, List<Path> dirs) {
    for (Path dir : dirs) {
      ConfinedDirectory allowed;
      try {
        allowed = new ConfinedDirectory(dir);
      } catch (IllegalArgumentException e) {
        continue;
      }
      Path real = allowed.resolve(target.toString()).orElse(null);
      if (real != null) {
        return real;
      }
    }
    return null;
  }

  /**
   * Resolves a webhook's host once and checks the name and the address: the post must go to the
   * address returned, never resolve the name again.
   *
   * @throws IllegalArgumentException saying why the webhook may not post there
   */
  public WebhookAddress webhook(URI url) {
    String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
    if (host.isEmpty()) {
      throw new IllegalArgumentException(display(url) + " names no host");
    }
    if (webhookHosts != null && webhookHosts.stream().noneMatch(h -> matches(h, host))) {
      throw new IllegalArgumentException(
          "host "
              + host
              + " is not one webhooks may post to ("
              + SETTINGS
              + "webhook-hosts: "
              + webhookHosts
              + ")");
    }
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(stripBrackets(host));
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("host " + host + " is unknown", e);
    }
    if (addresses == null || addresses.length == 0) {
      throw new IllegalArgumentException("host " + host + " is unknown");
    }
    // every address the name has is checked: the post takes the first, a retry may not
    for (InetAddress address : addresses) {
      String refused = refusedAddress(address);
      if (refused != null) {
        throw new IllegalArgumentException(
            "host " + host + " is " + address.getHostAddress() + ", " + refused);
      }
    }
    return new WebhookAddress(url, addresses[0], WebhookAddress.portOf(url));
  }

  /** Why a webhook may not post to {@code address}, or null. */
  private String refusedAddress(InetAddress address) {
    if (address.isLinkLocalAddress() || address.isAnyLocalAddress()) {
      return "a link-local or unspecified address: webhooks never post there";
    }
    boolean internal =
        address.isLoopbackAddress()
            || address.isSiteLocalAddress()
            || address.isMulticastAddress()
            || SHARED.contains(address)
            || UNIQUE_LOCAL.contains(address);
    if (internal && privateNetworks.stream().noneMatch(r -> r.contains(address))) {
      return "a loopback, private or multicast address: webhooks post there only when "
          + SETTINGS
          + "webhook-private-networks lists its range (now: "
          + privateNetworks
          + ")";
    }
    return null;
  }

  private static boolean matches(String pattern, String host) {
    if (pattern.startsWith("*.")) {
      return host.endsWith(pattern.substring(1));
    }
    return pattern.equals(host);
  }

  private static String stripBrackets(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  /**
   * A webhook's URL as the audit log, errors and the rehearsal show it: scheme, host and port, its
   * path and query (which often carry a secret) left out.
   */
  public static String display(URI url) {
    StringBuilder out = new StringBuilder();
    out.append(url.getScheme()).append("://").append(url.getHost());
    if (url.getPort() > 0) {
      out.append(':').append(url.getPort());
    }
    String path = url.getRawPath();
    boolean more =
        (path != null && !path.isEmpty() && !path.equals("/")) || url.getRawQuery() != null;
    return out.append(more ? "/…" : "/").toString();
  }
}
