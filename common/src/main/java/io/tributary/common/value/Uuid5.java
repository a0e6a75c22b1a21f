package io.tributary.common.value;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Name-based UUIDs, version 5 (RFC 9562: SHA-1 of the namespace and the name). The key strategy
 * {@code uuid5} maps a legacy key to {@code uuid5(namespace of its table, key text)}: the same old
 * key always gives the same UUID, so a foreign key column that references the table is remapped to
 * the same value without a lookup.
 */
public final class Uuid5 {
  /** Tributary's root namespace: {@code uuid5(NAMESPACE_URL, "https://tributary.dev/keys")}. */
  public static final UUID ROOT =
      of(UUID.fromString("6ba7b811-9dad-11d1-80b4-00c04fd430c8"), "https://tributary.dev/keys");

  private Uuid5() {}

  /** The version-5 UUID of {@code name} in {@code namespace}. */
  public static UUID of(UUID namespace, String name) {
    MessageDigest sha1;
    try {
      sha1 = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is missing from this JVM", e);
    }
    ByteBuffer ns = ByteBuffer.allocate(16);
    ns.putLong(namespace.getMostSignificantBits()).putLong(namespace.getLeastSignificantBits());
    sha1.update(ns.array());
    byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
    hash[6] = (byte) ((hash[6] & 0x0f) | 0x50); // version 5
    hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // IETF variant
    ByteBuffer b = ByteBuffer.wrap(hash, 0, 16);
    return new UUID(b.getLong(), b.getLong());
  }

  private static final Pattern UUID_TEXT =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  /**
   * The target key of a legacy key under the {@code uuid5} strategy: {@code uuid5(namespace, key)},
   * except for a key that is a UUID already in PostgreSQL's own spelling (lower case, hyphens),
   * which stays itself. That keeps the key of a row created on the target during the fallback
   * window, written back into the source as the text of its UUID, the same when capture carries it
   * to the target again. Other spellings (upper case, braces) are hashed as before, so two legacy
   * keys that differ only in case never meet in one target key.
   */
  public static UUID remap(UUID namespace, String key) {
    if (key.length() == 36 && UUID_TEXT.matcher(key).matches()) {
      return UUID.fromString(key);
    }
    return of(namespace, key);
  }

  /**
   * The namespace of one source table's keys: {@code uuid5(ROOT, "<migration>/<source>/<table>")}.
   * Keys of different tables (or migrations) never collide.
   */
  public static UUID tableNamespace(String migration, String source, String table) {
    return of(ROOT, migration + "/" + source + "/" + table);
  }
}
