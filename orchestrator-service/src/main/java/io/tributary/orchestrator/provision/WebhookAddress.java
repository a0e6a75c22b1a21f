package io.tributary.orchestrator.provision;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;

/**
 * Where a webhook posts, its host's name resolved once by {@link SwitchActionPolicy} and checked:
 * the post connects to this address (the URL's host still names the server for TLS and the {@code
 * Host} header), so that a name resolving to an allowed address at the check and to another at the
 * post (DNS rebinding) reaches nothing but the address checked.
 *
 * @param url the webhook's URL
 * @param address the address its host resolved to
 * @param port the port the URL names, or its scheme's
 */
public record WebhookAddress(URI url, InetAddress address, int port) {

  /** The address and port to connect to. */
  public InetSocketAddress socketAddress() {
    return new InetSocketAddress(address, port);
  }

  /** Whether the post goes over TLS. */
  public boolean tls() {
    return "https".equalsIgnoreCase(url.getScheme());
  }

  /** The port of {@code url}: its own, else 443 for https and 80 for http. */
  static int portOf(URI url) {
    if (url.getPort() > 0) {
      return url.getPort();
    }
    return "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
  }
}
