package io.tributary.common.control;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The names capture gives what it creates in a source, for the services that look at a source
 * without capturing it (the validator reads how far capture has published):
 *
 * <ul>
 *   <li>PostgreSQL: the logical replication slot (and the publication, same text) of a migration's
 *       source, {@code tributary_<migration>_<source>_<hash>}. Slot names allow only lower-case
 *       letters, digits and underscores and at most 63 characters, so the readable part is folded
 *       and cut, and 8 hex digits of the SHA-256 of the exact {@code migration/source} keep the
 *       names distinct. Capture names its slot and publication with it.
 *   <li>SQLite: the change log {@value #SQLITE_CHANGE_LOG} and the registry of its consumers
 *       {@value #SQLITE_CONSUMERS} in the captured file, where capture is registered as {@code
 *       <migration>/<source>} with the log position it has delivered to Kafka.
 * </ul>
 */
public final class CaptureNames {
  /** The change log capture installs in a SQLite file: {@code (seq, tbl, op, key, ts_ms)}. */
  public static final String SQLITE_CHANGE_LOG = "_tributary_changes";

  /**
   * The consumers of a SQLite file's change log: {@code (consumer, registration, pos,
   * registered_ms)}, {@code pos} the highest log position the consumer has delivered (Kafka
   * acknowledged everything up to it); the log is trimmed up to the lowest {@code pos}.
   */
  public static final String SQLITE_CONSUMERS = "_tributary_consumers";

  private static final int MAX_SLOT = 63;

  private CaptureNames() {}

  /** The replication slot (and publication) of a PostgreSQL source of a migration. */
  public static String postgresSlot(String migration, String source) {
    String hash = hash(migration + "/" + source);
    String readable = fold(migration) + "_" + fold(source);
    String prefix = "tributary_";
    int room = MAX_SLOT - prefix.length() - 1 - hash.length();
    if (readable.length() > room) {
      readable = readable.substring(0, room);
    }
    return prefix + readable + "_" + hash;
  }

  /**
   * The prefix of the logical decoding messages written into the target's WAL as fences of the
   * fallback window: the orchestrator's {@code {"migration": m, "fence": <id>}}, and
   * validator-service's position marks {@code {"migration": m, "mark": true}}. The write-back
   * records a fence's id, and a fence's or mark's position, once every change before it is in the
   * sources.
   */
  public static final String REVERSE_FENCE_PREFIX = "tributary-fallback-fence";

  /**
   * The replication slot (and publication) on the target that the fallback window of a migration
   * reads: {@code tributary_back_<migration>_<hash>}, within PostgreSQL's 63 characters.
   */
  public static String reverseSlot(String migration) {
    String hash = hash("fallback/" + migration);
    String readable = fold(migration);
    String prefix = "tributary_back_";
    int room = MAX_SLOT - prefix.length() - 1 - hash.length();
    if (readable.length() > room) {
      readable = readable.substring(0, room);
    }
    return prefix + readable + "_" + hash;
  }

  /** The name a SQLite source's capture is registered under in the file's change-log consumers. */
  public static String sqliteConsumer(String migration, String source) {
    return migration + "/" + source;
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
