package io.tributary.cdc.apply;

import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.copy.CopyBinaryEncoder;
import io.tributary.common.sql.BulkLoad;
import io.tributary.common.sql.StagedStatementBuilder;
import io.tributary.common.sql.UpsertStatementBuilder;
import java.sql.Connection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes a table's share of a large batch of changes on pgJDBC ({@link StagedStatementBuilder}): a
 * keyed table's reduced rows go by binary {@code COPY} into a temporary staging table, then into
 * the table by {@code UPDATE ... FROM} and {@code INSERT ... WHERE NOT EXISTS} (or one {@code
 * INSERT ... ON CONFLICT}, {@link ApplyConfig.StagedUpsert}); its deleted keys by {@code COPY} into
 * another and one {@code DELETE ... USING}. A table identified by its whole rows gets its inserts
 * by {@code COPY} straight in. An error about the rows fails the statement, and {@link BatchWriter}
 * writes the batch again row by row, isolating the bad rows.
 *
 * <p>The staging tables are made once per connection, outside the batch's transaction ({@link
 * #prepare}), and empty themselves at each commit ({@code ON COMMIT DELETE ROWS}).
 */
final class StagedChangeWriter {
  private final ApplyConfig.StagedUpsert upsert;

  /** The connection the staging tables below were made on. */
  private Connection madeOn;

  private final Set<String> made = new HashSet<>();

  StagedChangeWriter(ApplyConfig.StagedUpsert upsert) {
    this.upsert = upsert;
  }

  /**
   * Whether a table's work can be staged: every column has a binary {@code COPY} form, and a table
   * identified by its whole rows has only inserts (its deletes count copies, on the Vert.x client).
   */
  static boolean stageable(TableWork work) {
    TableDef def = work.table().definition();
    if (def.wholeRow() ? !work.deletes().isEmpty() : def.keyColumns().isEmpty()) {
      return false;
    }
    for (ColumnDef column : def.columns()) {
      if (!BulkLoad.BINARY_TYPES.contains(column.targetType())) {
        return false;
      }
    }
    return true;
  }

  /**
   * Makes the staging tables of the work that this connection lacks, each in a transaction of its
   * own (autocommit), before the batch's transaction begins: a rolled-back batch leaves them made.
   * They are made as the apply role of the table's schema ({@link ApplyRole}), which writes them.
   */
  void prepare(JdbcSession session, List<TableWork> work) {
    if (madeOn != session.connection()) {
      madeOn = session.connection();
      made.clear();
    }
    for (TableWork table : work) {
      TableDef def = table.table().definition();
      if (def.wholeRow()) {
        continue;
      }
      if (!table.upserts().isEmpty() && made.add(StagedStatementBuilder.stage(def))) {
        ApplyRole.runAs(session, def, StagedStatementBuilder.createStage(def));
      }
      if (!table.deletes().isEmpty() && made.add(StagedStatementBuilder.deleteStage(def))) {
        ApplyRole.runAs(session, def, StagedStatementBuilder.createDeleteStage(def));
      }
    }
  }

  /** Writes a table's work in the session's open transaction ({@link #prepare}d first). */
  void write(JdbcSession session, TableWork work) {
    TableDef def = work.table().definition();
    if (def.wholeRow()) {
      copy(session, UpsertStatementBuilder.copy(def, false), def.columns(), work.upserts());
      return;
    }
    session.execute(StagedStatementBuilder.NESTED_LOOPS);
    if (!work.deletes().isEmpty()) {
      copy(session, StagedStatementBuilder.copyDeleteStage(def), def.keyColumns(), work.deletes());
      session.execute(StagedStatementBuilder.delete(def));
    }
    if (!work.upserts().isEmpty()) {
      copy(session, StagedStatementBuilder.copyStage(def), def.columns(), work.upserts());
      if (upsert == ApplyConfig.StagedUpsert.ON_CONFLICT) {
        session.execute(StagedStatementBuilder.upsert(def));
      } else {
        String update = StagedStatementBuilder.update(def);
        if (update != null) {
          session.execute(update);
        }
        session.execute(StagedStatementBuilder.insertMissing(def));
      }
    }
  }

  private static void copy(
      JdbcSession session, String sql, List<ColumnDef> columns, List<Object[]> rows) {
    if (rows.isEmpty()) {
      return;
    }
    CopyBinaryEncoder encoder = new CopyBinaryEncoder(columns).begin();
    rows.forEach(encoder::row);
    encoder.end();
    session.copyIn(sql, encoder.array(), encoder.length());
  }
}
