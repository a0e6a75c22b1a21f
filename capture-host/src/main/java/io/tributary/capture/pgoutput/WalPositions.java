package io.tributary.capture.pgoutput;

import java.util.Locale;

/** PostgreSQL's spelling of a WAL position (an LSN): {@code 16/B374D848}, its 64 bits in two. */
public final class WalPositions {
  private WalPositions() {}

  /** The position as PostgreSQL writes it. */
  public static String text(long position) {
    return Long.toHexString(position >>> 32).toUpperCase(Locale.ROOT)
        + "/"
        + Long.toHexString(position & 0xFFFFFFFFL).toUpperCase(Locale.ROOT);
  }

  /**
   * Parses PostgreSQL's spelling of a position.
   *
   * @throws IllegalArgumentException when it is not one
   */
  public static long parse(String lsn) {
    int slash = lsn.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("not a WAL position: " + lsn);
    }
    return (Long.parseLong(lsn.substring(0, slash), 16) << 32)
        | Long.parseLong(lsn.substring(slash + 1), 16);
  }
}
