package io.tributary.common.event;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Kafka topic names: one per captured table, and the control topics. */
public final class Topics {
  /** Operators' commands (cutover, rollback, pause), keyed by migration. */
  public static final String COMMANDS = "tributary.commands";

  /** Every state change of a migration, keyed by migration. */
  public static final String STATUS = "tributary.status";

  /** Every validation result, keyed by migration and table. */
  public static final String VALIDATION = "tributary.validation";

  /** Rows that could not be written, with the reason and the original row. */
  public static final String REJECTS = "tributary.rejects";

  /** Capture progress (a table's snapshot completed), keyed by migration, source and table. */
  public static final String CAPTURE = "tributary.capture";

  /**
   * Header of a fence record on a table topic: a marker capture writes into every table topic of a
   * source when it reads the source's fence; its value is the fence id. Apply writes nothing for
   * it, and once its stored offset is past it, every change before the fence is applied.
   */
  public static final String FENCE_HEADER = "tributary-fence";

  /**
   * Header of a change capture could not encode; its value is the reason. Apply records the record
   * in {@code tributary.rejects} with that reason.
   */
  public static final String REJECT_HEADER = "tributary-reject";

  /**
   * Header of every change capture publishes from a source whose snapshot can be restarted from
   * scratch (PostgreSQL): the snapshot generation it belongs to, a decimal number. Records without
   * it belong to generation 0.
   */
  public static final String GENERATION_HEADER = "tributary-generation";

  /**
   * Header of a reset marker on a table topic; its value is the new snapshot generation. Capture
   * publishes one on every partition of every table topic of a source before the first record of a
   * (re)started snapshot. Apply empties the target table when it reaches the first of them and from
   * then on ignores every record of an older generation: a snapshot that had to start over leaves
   * no row behind that the source deleted meanwhile.
   */
  public static final String RESET_HEADER = "tributary-reset";

  /**
   * Header of every change capture publishes (not of snapshot reads, fences or reset markers): its
   * {@link SourcePosition} in the source's change stream. Apply skips a change at or below the
   * position it stored for the record's partition: one published again after a capture restart.
   */
  public static final String POSITION_HEADER = "tributary-position";

  /** Matches table topics only: {@code tributary.<migration>.<source>.<schema>.<table>}. */
  public static final Pattern TABLE_TOPICS =
      Pattern.compile("tributary\\.[^.]+\\.[^.]+\\.[^.]+\\..+");

  /** Matches snapshot topics only: {@code tributary.<migration>.<source>.snapshot}. */
  public static final Pattern SNAPSHOT_TOPICS =
      Pattern.compile("tributary\\.[^.]+\\.[^.]+\\.snapshot");

  private static final String PREFIX = "tributary.";
  private static final String SNAPSHOT_SUFFIX = ".snapshot";

  private static final Pattern ILLEGAL = Pattern.compile("[^A-Za-z0-9_-]");

  private Topics() {}

  /** The longest topic name Kafka accepts. */
  public static final int MAX_TOPIC_LENGTH = 249;

  /**
   * {@code tributary.<migration>.<source>.<schema>.<table>}; characters Kafka does not allow in
   * topic names (and dots inside a part) become {@code _}. A name over {@value #MAX_TOPIC_LENGTH}
   * characters (a SQLite table's name has no limit) has its schema and table parts cut and ends
   * with {@code -} and 16 hex digits of the SHA-256 of schema and table, so distinct tables keep
   * distinct topics and every topic keeps its five parts. Apply maps topics to tables through the
   * control schema, never by parsing the name.
   */
  public static String tableTopic(String migration, String source, String schema, String table) {
    String head = "tributary." + part(migration) + "." + part(source) + ".";
    String name = head + part(schema) + "." + part(table);
    if (name.length() <= MAX_TOPIC_LENGTH) {
      return name;
    }
    String digest;
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest((schema + "\0" + table).getBytes(StandardCharsets.UTF_8));
      digest = "-" + HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
    int budget = MAX_TOPIC_LENGTH - head.length() - 1 - digest.length();
    String schemaPart = cut(part(schema), Math.max(1, budget / 3));
    String tablePart = cut(part(table), budget - schemaPart.length());
    return head + schemaPart + "." + tablePart + digest;
  }

  /**
   * {@code tributary.<migration>.<source>.snapshot}: the topic of a source's snapshot chunks
   * ({@link SnapshotChunk}), keyed by each chunk's table topic so a table's chunks and markers stay
   * in order on one partition. Four parts, so it never matches {@link #TABLE_TOPICS}.
   */
  public static String snapshotTopic(String migration, String source) {
    return "tributary." + part(migration) + "." + part(source) + ".snapshot";
  }

  /**
   * Whether a topic is a snapshot topic ({@link #snapshotTopic}): what {@link #SNAPSHOT_TOPICS}
   * matches, told without a regular expression (apply asks it of every record it reads).
   */
  public static boolean isSnapshotTopic(String topic) {
    if (!topic.startsWith(PREFIX) || !topic.endsWith(SNAPSHOT_SUFFIX)) {
      return false;
    }
    int end = topic.length() - SNAPSHOT_SUFFIX.length();
    int dot = topic.indexOf('.', PREFIX.length());
    // tributary.<migration>.<source>.snapshot: two non-empty parts without dots between the ends
    return dot > PREFIX.length() && dot < end - 1 && topic.indexOf('.', dot + 1) == end;
  }

  private static String cut(String s, int length) {
    return s.length() <= length ? s : s.substring(0, length);
  }

  private static String part(String name) {
    return ILLEGAL.matcher(name).replaceAll("_");
  }
}
