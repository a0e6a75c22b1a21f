package io.tributary.cdc.apply;

import io.tributary.common.catalog.TableDef;
import io.tributary.common.copy.CopyBinaryEncoder;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Writes the snapshot rows of a bulk-loaded table ({@link io.tributary.common.sql.BulkLoad}) with
 * one binary {@code COPY} ({@link CopyBinaryEncoder}) in the batch's transaction, under a
 * savepoint, each row with the partition, offset and key of its record (what the key build tells
 * copies delivered twice from colliding rows by, and rejects a row with, {@link KeyBuilder}). When
 * PostgreSQL refuses a row (an error about the rows, {@link TargetErrors#aboutTheRows}), the {@code
 * COPY} is rolled back to its savepoint and written again without that row, which is rejected with
 * its reason: the row the server named ({@code COPY t, line n}) or, when it named none, the half of
 * the rows that fails, halved down to single rows. A bad row never fails its batch, and never takes
 * good rows with it.
 */
final class SnapshotWriter {
  private static final Logger LOG = Logger.getLogger(SnapshotWriter.class);

  /** Rows the server names one at a time before the rest of a batch is bisected instead. */
  private static final int NAMED_ROW_RETRIES = 16;

  private SnapshotWriter() {}

  /** Copies the table's rows; rows refused are added to {@code found}. */
  static void write(JdbcSession session, TableWork work, List<Reject> found) {
    if (!work.deletes().isEmpty()) {
      throw new IllegalStateException(
          "deletes of "
              + work.table().definition().qualifiedSourceName()
              + " cannot go in by COPY: its key is built before its first change");
    }
    if (work.upserts().isEmpty()) {
      return;
    }
    List<Integer> rows = new ArrayList<>(work.upserts().size());
    for (int i = 0; i < work.upserts().size(); i++) {
      rows.add(i);
    }
    int[] named = {0};
    copyIsolating(session, work, rows, found, named);
  }

  private static void copyIsolating(
      JdbcSession session, TableWork work, List<Integer> rows, List<Reject> found, int[] named) {
    if (rows.isEmpty()) {
      return;
    }
    session.execute("SAVEPOINT tributary_copy");
    RuntimeException refused;
    try {
      copy(session, work, rows);
      session.execute("RELEASE SAVEPOINT tributary_copy");
      return;
    } catch (JdbcSession.JdbcException e) {
      if (!TargetErrors.aboutTheRows(e)) {
        throw e;
      }
      refused = e;
    }
    session.execute("ROLLBACK TO SAVEPOINT tributary_copy");
    session.execute("RELEASE SAVEPOINT tributary_copy");
    if (rows.size() == 1) {
      found.add(reject(work, rows.get(0), refused));
      return;
    }
    long line = TargetErrors.copyLine(refused);
    if (line >= 1 && line <= rows.size() && named[0] < NAMED_ROW_RETRIES) {
      named[0]++;
      int bad = (int) line - 1;
      found.add(reject(work, rows.get(bad), refused));
      List<Integer> rest = new ArrayList<>(rows);
      rest.remove(bad);
      copyIsolating(session, work, rest, found, named);
      return;
    }
    LOG.debugf(
        "A COPY of %d rows into %s failed (%s); halving it to find the rows",
        rows.size(), work.table().definition().targetTable(), refused.getMessage());
    int half = rows.size() / 2;
    copyIsolating(session, work, new ArrayList<>(rows.subList(0, half)), found, named);
    copyIsolating(session, work, new ArrayList<>(rows.subList(half, rows.size())), found, named);
  }

  private static void copy(JdbcSession session, TableWork work, List<Integer> rows) {
    TableDef def = work.table().definition();
    boolean provenance = work.table().provenance();
    CopyBinaryEncoder encoder = new CopyBinaryEncoder(def.columns(), provenance).begin();
    for (int row : rows) {
      if (provenance) {
        ChangeRecord record = work.upsertRecords().get(row);
        encoder.row(work.upserts().get(row), record.partition(), record.offset(), record.key());
      } else {
        encoder.row(work.upserts().get(row));
      }
    }
    encoder.end();
    session.copyIn(work.table().copySql(), encoder.array(), encoder.length());
  }

  private static Reject reject(TableWork work, int row, RuntimeException refused) {
    return Reject.of(work.table(), work.upsertRecords().get(row), TargetErrors.refusal(refused));
  }
}
