package io.tributary.cdc.apply;

import java.util.ArrayList;
import java.util.List;

/**
 * Helpers for storing rejected rows as text as received, each capped ({@link RejectedRow}): the
 * fact that a row was rejected, its key and its reason are always stored.
 */
final class Rejects {
  private Rejects() {}

  /** Keeps rejects in {@code tributary.rejects}, in the session's transaction. */
  static void store(TargetSession session, List<Reject> rejects) {
    if (rejects.isEmpty()) {
      return;
    }
    List<Object[]> rows = new ArrayList<>(rejects.size());
    for (Reject r : rejects) {
      rows.add(row(r));
    }
    session.batch(ApplyStatements.INSERT_REJECT, rows);
  }

  /** The parameters of {@link ApplyStatements#INSERT_REJECT} for a reject. */
  static Object[] row(Reject r) {
    ChangeRecord c = r.record();
    RejectedRow row = RejectedRow.of(sanitize(c.rawText()), RejectedRow.MAX_ROW_CHARS);
    return new Object[] {
      r.migration() == null ? "" : r.migration(),
      r.source() == null ? "" : r.source(),
      r.table() == null ? "" : r.table(),
      c.topic(),
      c.partition(),
      c.offset(),
      r.sourcePos(),
      sanitize(c.key()),
      row.text(),
      RejectedRow.reason(sanitize(r.reason())),
      r.kafkaTopic(),
      r.chunkRow(),
      row.truncated(),
      row.length(),
      row.sha256()
    };
  }

  /**
   * PostgreSQL text cannot hold NUL; a NUL becomes the visible escape {@code \u0000} so the reject
   * itself can always be stored.
   */
  static String sanitize(String text) {
    return text == null ? null : text.replace("\0", "\\u0000");
  }
}
