package io.tributary.orchestrator.finalize;

import io.tributary.common.control.FinalizeStepState;
import io.tributary.common.sql.FinalizeStep.Kind;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What finalize does with an index it cannot build whole: which refusals it builds the index
 * without the offending rows for, how many rows it leaves out at most, and what the step's outcome
 * says. Decides on rows already read; touches nothing ({@link Finalizer} runs the statements).
 *
 * <p>Finalize never deletes rows for an index: they are the source's rows, replicated and validated
 * as such, and an index is a structure of the target (the same reason {@link Finalizer} leaves a
 * foreign key {@code NOT VALID} rather than delete the rows that reference nothing). A unique index
 * built without the rows that hold a value a second time still refuses any new duplicate of every
 * value (the first row of each value is in it); an index built without rows too large for it serves
 * every other row — queries only use a partial index when their condition implies its predicate, so
 * the detail says which rows it leaves out.
 */
final class IndexExclusions {
  /** The most rows finalize leaves out of one index; with more, the index is left out. */
  static final int MAX_EXCLUDED = 100;

  /** The most an index row of a btree holds on 8 kB pages (btree version 4), when not named. */
  static final int BTREE_MAX = 2704;

  private static final Pattern MAXIMUM = Pattern.compile("btree version \\d+ maximum (\\d+)");
  private static final int SHOWN = 10;

  private IndexExclusions() {}

  /**
   * A row to leave out.
   *
   * @param condition the condition that leaves it out ({@code ("id") = ('5'::bigint)})
   * @param key its key ({@code (5)})
   * @param why what keeps it from the index
   */
  record Excluded(String condition, String key, String why) {}

  /**
   * A step's outcome.
   *
   * @param state {@code partial}, or {@code failed}
   * @param detail what it says
   */
  record Outcome(FinalizeStepState state, String detail) {}

  /**
   * Whether an index step's failure is one finalize builds the index without some rows for: a
   * unique index finding a value twice (23505), an index row too large (54000), on a step that can
   * read its rows (a keyed table's index, {@link io.tributary.common.sql.FinalizeStep#violations}).
   */
  static boolean applies(Kind kind, String rowsQuery, String sqlState) {
    return (kind == Kind.UNIQUE || kind == Kind.INDEX)
        && rowsQuery != null
        && ("23505".equals(sqlState) || "54000".equals(sqlState));
  }

  /**
   * The size above which a row's index row counts as too large: the limit PostgreSQL's btree named
   * ({@code btree version 4 maximum 2704}), else {@link #BTREE_MAX} (a row too large for any index
   * row, {@code index row requires 10016 bytes, maximum size is 8191}, is refused before the btree
   * names its own), less the 8 bytes that alignment may add to the estimate.
   */
  static int threshold(String error) {
    Matcher m = error == null ? null : MAXIMUM.matcher(error);
    int limit = m != null && m.find() ? Integer.parseInt(m.group(1)) : BTREE_MAX;
    return limit - 8;
  }

  /** The outcome of leaving these rows out, before the partial index is built. */
  static Outcome plan(List<Excluded> rows, String error) {
    if (rows.isEmpty()) {
      return new Outcome(
          FinalizeStepState.FAILED,
          error
              + "; no row the table holds now keeps the index from being built (an older version"
              + " of a row changed since, which a transaction still open may see, is indexed"
              + " too): the next finalize tries again");
    }
    if (rows.size() > MAX_EXCLUDED) {
      return new Outcome(
          FinalizeStepState.FAILED,
          "more than "
              + MAX_EXCLUDED
              + " rows keep the index from being built, more than finalize leaves out of an index,"
              + " so it is not built; "
              + shown(rows)
              + "; PostgreSQL: "
              + error);
    }
    return new Outcome(
        FinalizeStepState.PARTIAL,
        "built without "
            + rows.size()
            + (rows.size() == 1 ? " row" : " rows")
            + " it cannot hold, which stay in the table outside the index (queries use it only"
            + " when their condition leaves these rows out); "
            + shown(rows)
            + "; the next finalize tries the whole index again; PostgreSQL: "
            + error);
  }

  /** The outcome when the partial index could not be built either. */
  static Outcome notBuilt(List<Excluded> rows, String error, String partialError) {
    return new Outcome(
        FinalizeStepState.FAILED,
        error
            + "; built without "
            + rows.size()
            + " rows ("
            + shown(rows)
            + ") it failed again: "
            + partialError);
  }

  /** The outcome when the rows that keep the index from being built could not be read. */
  static Outcome unread(String error, String readError) {
    return new Outcome(
        FinalizeStepState.FAILED,
        error + "; the rows that keep the index from being built could not be read: " + readError);
  }

  private static String shown(List<Excluded> rows) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < Math.min(SHOWN, rows.size()); i++) {
      Excluded row = rows.get(i);
      out.append(i == 0 ? "" : "; ").append("key ").append(row.key()).append(' ').append(row.why());
    }
    if (rows.size() > SHOWN) {
      out.append("; and ").append(rows.size() - SHOWN).append(" more");
    }
    return out.toString();
  }
}
