package io.tributary.source.chroma.capture;

import io.tributary.common.naming.Identifiers;
import io.tributary.source.sqlite.capture.ChangeLogStatementBuilder;
import io.tributary.source.sqlite.capture.ChangeLogTriggerBuilder;
import java.util.List;

/**
 * The triggers change capture installs in a Chroma store's {@code chroma.sqlite3} (no I/O here).
 * Chroma already appends every add, update, upsert and delete to its embeddings queue; capture adds
 * two triggers on it, next to the change log and consumer registry that SQLite capture uses ({@link
 * ChangeLogStatementBuilder}):
 *
 * <ul>
 *   <li>{@value #QUEUE_TRIGGER}: each queued record change also appends a change-log entry whose
 *       table is the collection's id and whose key is the record's id. The change log survives
 *       Chroma's purges and gives capture positions that only grow, so a capture that was stopped
 *       for a while still knows every record that changed.
 *   <li>{@value #HOLD_TRIGGER}: Chroma's purge of queue records its segments have persisted is held
 *       back while capture is installed (the deletes are ignored, as {@code RAISE(IGNORE)} does),
 *       so the original float32 values of the vectors stay readable for validation; the queue grows
 *       meanwhile, as it does in Chroma with {@code automatically_purge} off. Removing capture
 *       removes both triggers, and Chroma's next purge catches up.
 * </ul>
 *
 * Their names start with {@code _tributary_}, so removing capture removes them with the change log.
 */
public final class ChromaCaptureStatementBuilder {
  /** Chroma's queue. */
  public static final String QUEUE_TABLE = "embeddings_queue";

  /** The trigger that logs every queued record change. */
  public static final String QUEUE_TRIGGER = "_tributary_chroma_queue_i";

  /** The trigger that holds Chroma's purge back. */
  public static final String HOLD_TRIGGER = "_tributary_chroma_queue_hold";

  /**
   * Chroma's topic is {@code persistent://<tenant>/<namespace>/<collection id>}: a 36-char UUID.
   */
  private static final int UUID_LENGTH = 36;

  private ChromaCaptureStatementBuilder() {}

  /** Both triggers, each written exactly as SQLite keeps it in {@code sqlite_schema.sql}. */
  public static List<ChangeLogStatementBuilder.Trigger> triggers() {
    String queue = Identifiers.quote(QUEUE_TABLE);
    return List.of(
        new ChangeLogStatementBuilder.Trigger(
            QUEUE_TRIGGER,
            QUEUE_TABLE,
            "CREATE TRIGGER "
                + Identifiers.quote(QUEUE_TRIGGER)
                + " AFTER INSERT ON "
                + queue
                + " WHEN NEW.operation BETWEEN 0 AND 3 BEGIN "
                + ChangeLogTriggerBuilder.appendComputed(
                    "substr(NEW.topic, -" + UUID_LENGTH + ")",
                    "CASE NEW.operation WHEN 0 THEN 'c' WHEN 3 THEN 'd' ELSE 'u' END",
                    "'[' || json_array('s', NEW.id) || ']'")
                + " END"),
        new ChangeLogStatementBuilder.Trigger(
            HOLD_TRIGGER,
            QUEUE_TABLE,
            "CREATE TRIGGER "
                + Identifiers.quote(HOLD_TRIGGER)
                + " BEFORE DELETE ON "
                + queue
                + " BEGIN SELECT RAISE(IGNORE); END"));
  }

  /**
   * The collection id a change-log entry's table holds, or null when the entry is not a Chroma
   * record change (a fence).
   */
  public static String collectionOf(String loggedTable) {
    return loggedTable != null && loggedTable.length() == UUID_LENGTH ? loggedTable : null;
  }
}
