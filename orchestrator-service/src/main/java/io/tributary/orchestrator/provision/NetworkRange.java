package io.tributary.orchestrator.provision;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A range of addresses in CIDR notation ({@code 10.0.0.0/8}, {@code fd00::/8}, {@code
 * 127.0.0.1/32}): where {@code tributary.orchestrator.cutover.webhook-private-networks} lets
 * webhooks post although the addresses are private or loopback ones.
 *
 * @param network the first address of the range
 * @param prefix how many leading bits every address of the range shares with it
 */
public record NetworkRange(InetAddress network, int prefix) {

  /**
   * Parses {@code address/prefix} (a bare address: that address alone).
   *
   * @throws IllegalArgumentException when it is not one, saying why
   */
  public static NetworkRange parse(String text) {
    String s = text.strip();
    int slash = s.indexOf('/');
    String address = slash < 0 ? s : s.substring(0, slash);
    if (!address.matches("[0-9a-fA-F:.]+")) {
      // a literal only: a name would be resolved here, once, and mean nothing later
      throw new IllegalArgumentException("'" + text + "' is not an address range (a.b.c.d/n)");
    }
    InetAddress network;
    try {
      network = InetAddress.getByName(address);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + text + "' is not an address range (a.b.c.d/n)", e);
    }
    int bits = network.getAddress().length * 8;
    int prefix;
    try {
      prefix = slash < 0 ? bits : Integer.parseInt(s.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' has no prefix length after '/'", e);
    }
    if (prefix < 0 || prefix > bits) {
      throw new IllegalArgumentException(
          "'" + text + "': the prefix length must be between 0 and " + bits);
    }
    return new NetworkRange(network, prefix);
  }

  /** Whether {@code address} is in the range (an IPv4 address is never in an IPv6 range). */
  public boolean contains(InetAddress address) {
    byte[] a = address.getAddress();
    byte[] n = network.getAddress();
    if (a.length != n.length) {
      return false;
    }
    int bits = a.length * 8;
    BigInteger mask =
        BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE).shiftRight(prefix).not();
    return new BigInteger(1, a).and(mask).equals(new BigInteger(1, n).and(mask));
  }

  @Override
  public String toString() {
    return network.getHostAddress() + "/" + prefix;
  }
}
