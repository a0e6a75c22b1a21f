package io.tributary.source.spi.validate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Reads every row of one side of a compared table, once per call, in any order. Blocking; each call
 * is one consistent read where the engine allows (one read transaction).
 */
public interface RowScanner {

  /** Streams every row to the sink; throws when the table cannot be read. */
  void scan(RowSink sink);

  /**
   * Streams at least the rows whose key hash falls in the ranges (a reader that cannot filter
   * streams every row; the caller places each row itself). By default every row.
   */
  default void scan(KeyRanges ranges, RowSink sink) {
    scan(sink);
  }

  /**
   * Adds every row whose key hash falls in one of the ranges to that range's sums, leaving the
   * hashing to the database; false (having read nothing) when this reader cannot, and the caller
   * then reads the rows and hashes them itself. A reader that sums in the database reports no
   * undecodable and no rejected rows: it may do so only when it has none to report.
   */
  default boolean sumInDatabase(KeyRanges ranges, RangeSums sums) {
    return false;
  }

  /**
   * Streams the rows of the given keys (capture's keys: source column names), those the side has;
   * false (having read nothing) when this reader cannot look rows of this table up by key, and the
   * caller then compares the whole table.
   */
  default boolean scanKeys(List<ObjectNode> keys, RowSink sink) {
    return false;
  }

  /**
   * Streams the rows whose key hash falls in the ranges (at least those, as {@link #scan(KeyRanges,
   * RowSink)}) as they were at a cutover's position P, where the source's reads cannot all be at
   * one position (a SQLite file in a rollback-journal mode, read in short transactions while its
   * application writes): each read leaves out the rows that changed after P as far as it can tell
   * in its own transaction — the source's change log read there, and the keys {@code changes} knows
   * — and hands each row it leaves out to {@link RowSink#changedAfter}. A row passed on did not
   * change between P and its read. False (having read nothing) when this reader cannot; by default.
   */
  default boolean scanAsOf(KeyRanges ranges, ChangesAfter changes, RowSink sink) {
    return false;
  }

  /** Where the rows of a scan go. Called from one thread at a time. */
  interface RowSink {
    /**
     * A row, decoded to its target types, values in catalog column order (as {@link
     * io.tributary.common.value.ValueCodec} decodes them on both sides).
     */
    void row(List<Object> values);

    /**
     * A source row that cannot become a target row (a value does not fit its column) and that apply
     * has not rejected: it is missing from the target without a reason on record.
     *
     * @param sourceKey the row's key as capture writes it (source column names)
     * @param reason which column and why
     */
    void undecodable(ObjectNode sourceKey, String reason);

    /** A source row skipped because apply rejected it (an open reject with its key). */
    void rejected();

    /**
     * A source row a scan as of P left out because it changed after P ({@link #scanAsOf}).
     *
     * @param sourceKey the row's key as capture writes it (source column names)
     * @param values the row decoded as {@link #row} gets it, null when its key cannot be decoded
     */
    default void changedAfter(ObjectNode sourceKey, List<Object> values) {}
  }
}
