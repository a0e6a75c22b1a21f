package io.tributary.source.sqlite.capture;

import java.util.List;

/**
 * What removing a capture from a SQLite file did.
 *
 * @param file the SQLite file
 * @param consumer the capture ({@code migration/source})
 * @param registrationRemoved true when the capture was registered and no longer is
 * @param otherConsumers captures still registered in the file (their triggers and log stay)
 * @param droppedTriggers triggers dropped
 * @param droppedTables tables dropped (the change log and the consumer registry)
 * @param message one sentence saying what happened
 */
public record UninstallReport(
    String file,
    String consumer,
    boolean registrationRemoved,
    List<String> otherConsumers,
    List<String> droppedTriggers,
    List<String> droppedTables,
    String message) {
  /** The message, for logs. */
  public String summary() {
    return message;
  }
}
