package io.tributary.cdc.capture.postgres;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The names of what capture creates in a PostgreSQL source for one migration's source: the logical
 * replication slot and the publication, both {@code tributary_<migration>_<source>_<hash>}. Slot
 * names allow only lower-case letters, digits and underscores and at most 63 characters, so the
 * readable part is folded and cut, and the hash of the exact {@code migration/source} keeps the
 * names distinct.
 *
 * @param slot the replication slot
 * @param publication the publication (same text, a separate namespace)
 */
public record PostgresCaptureNames(String slot, String publication) {
  private static final int MAX = 63;

  /** The names for a migration's source. */
  public static PostgresCaptureNames of(String migration, String source) {
    String hash = hash(migration + "/" + source);
    String readable = fold(migration) + "_" + fold(source);
    String prefix = "tributary_";
    int room = MAX - prefix.length() - 1 - hash.length();
    if (readable.length() > room) {
      readable = readable.substring(0, room);
    }
    String name = prefix + readable + "_" + hash;
    return new PostgresCaptureNames(name, name);
  }

  private static String fold(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toLowerCase(Locale.ROOT).toCharArray()) {
      out.append((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ? c : '_');
    }
    return out.toString();
  }

  private static String hash(String s) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
