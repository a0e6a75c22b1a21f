package io.tributary.common.event;

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

  /** Matches table topics only: {@code tributary.<migration>.<source>.<schema>.<table>}. */
  public static final Pattern TABLE_TOPICS =
      Pattern.compile("tributary\\.[^.]+\\.[^.]+\\.[^.]+\\..+");

  private static final Pattern ILLEGAL = Pattern.compile("[^A-Za-z0-9_-]");

  private Topics() {}

  /**
   * {@code tributary.<migration>.<source>.<schema>.<table>}; characters Kafka does not allow in
   * topic names (and dots inside a part) become {@code _}. Apply maps topics to tables through the
   * control schema, never by parsing the name.
   */
  public static String tableTopic(String migration, String source, String schema, String table) {
    return "tributary."
        + part(migration)
        + "."
        + part(source)
        + "."
        + part(schema)
        + "."
        + part(table);
  }

  private static String part(String name) {
    return ILLEGAL.matcher(name).replaceAll("_");
  }
}
