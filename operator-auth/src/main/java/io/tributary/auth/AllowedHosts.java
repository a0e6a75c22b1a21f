package io.tributary.auth;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * The names a call may give in its {@code Host} header ({@link OperatorAuthConfig#allowedHosts()}):
 * the service's own (localhost, loopback, the machine's host name and interface addresses) and the
 * configured ones. A page of another site that had its name point at this machine (DNS rebinding)
 * sends its own name, and is refused.
 */
@ApplicationScoped
@Startup
public class AllowedHosts {
  private static final Logger LOG = Logger.getLogger(AllowedHosts.class);

  /** The entry of {@code tributary.auth.allowed-hosts} that allows any name. */
  public static final String ANY = "*";

  private final Set<String> names;
  private final boolean any;

  public AllowedHosts(OperatorAuthConfig config) {
    List<String> configured = config.allowedHosts().orElse(List.of());
    this.any = configured.stream().anyMatch(n -> n.strip().equals(ANY));
    Set<String> all = new TreeSet<>();
    all.add("localhost");
    all.add("127.0.0.1");
    all.add(normalize("::1"));
    machineNames(all);
    configured.stream()
        .map(AllowedHosts::normalize)
        .filter(n -> !n.isEmpty() && !n.equals(ANY))
        .forEach(all::add);
    this.names = Set.copyOf(all);
    if (any) {
      LOG.warn(
          "Host header check off (tributary.auth.allowed-hosts holds *): calls under any name are"
              + " served, pages of other sites that rebind their name to this machine included");
    } else {
      LOG.infof("Host names this service answers to: %s (tributary.auth.allowed-hosts)", all);
    }
  }

  /**
   * Whether a call's {@code Host} header (a name or address, with or without a port; null when
   * absent) names this service. A call without one is not a browser's (browsers always send it).
   */
  public boolean allows(String host) {
    if (any || host == null || host.isBlank()) {
      return true;
    }
    return names.contains(normalize(host));
  }

  /**
   * The name without a port, IPv6 brackets or a trailing dot, in lower case: {@code [::1]:18080} is
   * {@code ::1}, {@code Example.COM.:80} is {@code example.com}.
   */
  static String normalize(String host) {
    String h = host.strip().toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      int close = h.indexOf(']');
      h = close < 0 ? h.substring(1) : h.substring(1, close);
    } else if (h.indexOf(':') >= 0 && h.indexOf(':') == h.lastIndexOf(':')) {
      h = h.substring(0, h.indexOf(':'));
    }
    int zone = h.indexOf('%');
    if (zone >= 0) {
      h = h.substring(0, zone);
    }
    while (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    if (h.indexOf(':') >= 0
        && h.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
      try {
        // An IPv6 literal: parsed, never looked up.
        h = InetAddress.getByName(h).getHostAddress();
      } catch (UnknownHostException e) {
        // not an address after all: compared as given
      }
    }
    return h;
  }

  private static void machineNames(Set<String> into) {
    try {
      InetAddress local = InetAddress.getLocalHost();
      into.add(normalize(local.getHostName()));
      into.add(normalize(local.getHostAddress()));
    } catch (UnknownHostException e) {
      LOG.debugf("No host name of this machine: %s", e.getMessage());
    }
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        for (InetAddress address : Collections.list(nic.getInetAddresses())) {
          into.add(normalize(address.getHostAddress()));
        }
      }
    } catch (SocketException e) {
      LOG.debugf("No network interfaces: %s", e.getMessage());
    }
  }
}
