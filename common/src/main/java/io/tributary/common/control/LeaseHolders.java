package io.tributary.common.control;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * How a runner of captures names itself in {@code tributary.capture_leases}: by its host (a
 * Kubernetes pod's name is its host name), so an operator reading a lease knows where to look.
 */
public final class LeaseHolders {
  private LeaseHolders() {}

  /** {@code HOSTNAME} when set, else the local host's name, else {@code fallback}. */
  public static String host(String fallback) {
    String host = System.getenv().getOrDefault("HOSTNAME", "");
    if (!host.isBlank()) {
      return host;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return fallback;
    }
  }
}
