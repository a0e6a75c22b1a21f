package io.tributary.orchestrator.provision;

import io.tributary.common.plan.CutoverAction;
import io.tributary.common.plan.CutoverPlan;
import io.tributary.common.plan.PlanError;
import io.tributary.orchestrator.OrchestratorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
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
 * configured ({@code tributary.orchestrator.cutover.env-file-dirs}, symbolic links resolved),
 * {@code webhook} only to the configured hosts ({@code webhook-hosts}, unset: any) and never to a
 * link-local address. Checked when a plan is submitted and again when an action runs (the settings
 * or the name's addresses may have changed since). Also how a webhook's URL is shown: without its
 * path and query, which often carry a secret.
 */
@ApplicationScoped
public class SwitchActionPolicy {
  private final List<Path> envFileDirs;
  private final List<String> webhookHosts;

  @Inject
  public SwitchActionPolicy(OrchestratorConfig config) {
    this(
        config.cutover().envFileDirs().orElse(List.of()),
        config.cutover().webhookHosts().orElse(null));
  }

  /**
   * @param envFileDirs where env files may be written (none: nowhere)
   * @param webhookHosts the hosts webhooks may reach, or null for any
   */
  public SwitchActionPolicy(List<Path> envFileDirs, List<String> webhookHosts) {
    this.envFileDirs = List.copyOf(envFileDirs);
    this.webhookHosts =
        webhookHosts == null
            ? null
            : webhookHosts.stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
  }

  /**
   * Env files anywhere, webhooks to any host but link-local ones: for checking plans outside a
   * deployment (tools, tests), never for running a cutover.
   */
  public static SwitchActionPolicy unrestricted() {
    return new SwitchActionPolicy(List.of(Path.of("/")), null);
  }

  /** The problems of a plan's cutover actions, each naming its field. */
  public List<PlanError> check(CutoverPlan plan) {
    List<PlanError> errors = new ArrayList<>();
    for (int i = 0; i < plan.actions().size(); i++) {
      CutoverAction action = plan.actions().get(i);
      String field = "cutover.actions[" + i + "]." + action.kind();
      String refusal = refusal(action);
      if (refusal != null) {
        errors.add(
            new PlanError(
                field + (action instanceof CutoverAction.EnvFile ? ".path" : ".url"), refusal));
      }
    }
    return errors;
  }

  /** Why {@code action} may not run here, or null. */
  public String refusal(CutoverAction action) {
    if (action instanceof CutoverAction.EnvFile env) {
      return envFile(env.path());
    }
    if (action instanceof CutoverAction.Webhook hook) {
      return webhook(hook.url());
    }
    return null;
  }

  private String envFile(Path path) {
    Path target = path.toAbsolutePath().normalize();
    if (envFileDirs.isEmpty()) {
      return "env files may be written into no directory: name the directories applications read"
          + " their settings from in tributary.orchestrator.cutover.env-file-dirs";
    }
    Path real;
    try {
      Path existing = target.getParent();
      while (existing != null && !Files.exists(existing)) {
        existing = existing.getParent();
      }
      if (existing == null) {
        return target + " has no existing parent directory";
      }
      real = existing.toRealPath().resolve(existing.relativize(target.getParent()));
      if (Files.isSymbolicLink(target)) {
        return target + " is a symbolic link: name the file it points to";
      }
    } catch (IOException e) {
      return "cannot resolve " + target + ": " + e.getMessage();
    }
    for (Path dir : envFileDirs) {
      Path allowed;
      try {
        allowed = dir.toAbsolutePath().normalize().toRealPath();
      } catch (IOException e) {
        continue;
      }
      if (real.normalize().startsWith(allowed)) {
        return null;
      }
    }
    return target
        + " is not in a directory env files may be written into (tributary.orchestrator.cutover"
        + ".env-file-dirs: "
        + envFileDirs
        + ")";
  }

  private String webhook(URI url) {
    String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
    if (host.isEmpty()) {
      return display(url) + " names no host";
    }
    if (webhookHosts != null && webhookHosts.stream().noneMatch(h -> matches(h, host))) {
      return "host "
          + host
          + " is not one webhooks may post to (tributary.orchestrator.cutover.webhook-hosts: "
          + webhookHosts
          + ")";
    }
    try {
      for (InetAddress address : InetAddress.getAllByName(stripBrackets(host))) {
        if (address.isLinkLocalAddress() || address.isAnyLocalAddress()) {
          return "host "
              + host
              + " is "
              + address.getHostAddress()
              + ", a link-local or unspecified address: webhooks never post there";
        }
      }
    } catch (UnknownHostException e) {
      return "host " + host + " is unknown";
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
