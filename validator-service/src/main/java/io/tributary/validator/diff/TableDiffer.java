package io.tributary.validator.diff;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.common.catalog.TableDef;
import io.tributary.source.spi.validate.ChangesAfter;
import io.tributary.source.spi.validate.KeyRanges;
import io.tributary.source.spi.validate.RowDigester;
import io.tributary.source.spi.validate.RowScanner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Finds the rows that differ between a source and a target table, data-diff style, in bounded
 * memory:
 *
 * <ol>
 *   <li>both sides are read at once and each row is placed, by the hash of its canonical key, in
 *       one of {@code 2^d} key-hash ranges (about {@link DiffSettings#leafRows()} rows each); each
 *       range's row count and checksum are summed on each side;
 *   <li>ranges whose sums differ and that hold more than {@code leafRows} rows are split (bisected
 *       into {@code 2^k} sub-ranges) and only they are checksummed again, until every mismatching
 *       range is small;
 *   <li>the rows of the mismatching ranges are then read in full, in batches of at most {@link
 *       DiffSettings#rowBudget()} rows, and compared key by key and column by column: missing,
 *       extra and differing rows, with the differing columns named.
 * </ol>
 *
 * A table with no differences costs one read of each side. Rows are compared in their canonical
 * form after the plan's transforms (see {@link RowDigester}), so a json key order or a timestamp's
 * offset is not a difference ({@link RowComparer}); ranges are sized by {@link RangeSplitter}. The
 * source's reader skips rows apply rejected ({@link RowScanner.RowSink#rejected()}). Blocking; the
 * target is read on the given executor while the calling thread reads the source.
 */
public final class TableDiffer {
  private final DiffSettings settings;
  private final RangeSplitter splitter;
  private final BothSides sides;

  /**
   * @param executor runs the target side's reads (a thread other than the caller's)
   */
  public TableDiffer(DiffSettings settings, Executor executor) {
    this.settings = settings;
    this.splitter = new RangeSplitter(settings);
    this.sides = new BothSides(executor);
  }

  /**
   * Compares the table.
   *
   * @param expectedRows about how many rows the table has (sizes the first pass's ranges)
   */
  public DiffResult diff(TableDef table, RowScanner source, RowScanner target, long expectedRows) {
    return diff(table, source, target, expectedRows, null);
  }

  /**
   * A comparison as of a cutover's position P: what {@link #diff} gives, but of the rows that did
   * not change after P only, on both sides — the source read as of P ({@link RowScanner#scanAsOf}),
   * each row it leaves out taken out of the target's side too. On a source its applications never
   * stop writing, whose reads cannot all be at one position (a SQLite file in a rollback-journal
   * mode, read in short transactions), the rows written during the reads then do not make every
   * range differ. A source whose reader cannot read as of P is compared as it is.
   *
   * @param expectedRows about how many rows the table has
   * @param changes P and the rows its change topic says changed after it
   */
  public AsOfDiff diffAsOf(
      TableDef table,
      RowScanner source,
      RowScanner target,
      long expectedRows,
      ChangesAfter changes) {
    LeftOut leftOut = new LeftOut();
    AsOfScanner asOf = new AsOfScanner(source, changes, leftOut, RowDigester.keyIndexes(table));
    DiffResult diff = diff(table, asOf, target, expectedRows, leftOut);
    return new AsOfDiff(diff, asOf.asOf(), leftOut.size());
  }

  /**
   * A comparison as of a cutover's position ({@link #diffAsOf}).
   *
   * @param asOf false when the source's reader could not read as of the position: an ordinary
   *     comparison
   * @param leftOut the rows left out on both sides because they changed after the position
   */
  public record AsOfDiff(DiffResult diff, boolean asOf, long leftOut) {}

  /**
   * @param leftOut the source rows read as of P left out, taken out of the target's passes too;
   *     null for an ordinary comparison
   */
  private DiffResult diff(
      TableDef table, RowScanner source, RowScanner target, long expectedRows, LeftOut leftOut) {
    int[] keyIndexes = RowDigester.keyIndexes(table);
    KeyRanges ranges = KeyRanges.uniform(splitter.initialDepth(expectedRows));
    SummingSink sourceSums = new SummingSink(keyIndexes, ranges, settings.maxListed());
    SummingSink targetSums = new SummingSink(keyIndexes, ranges, 0);
    sumPass(source, sourceSums, target, targetSums, leftOut);
    SummingSink first = sourceSums;
    SummingSink firstTarget = targetSums;
    int passes = 1;
    long rangesCompared = ranges.size();
    int[] mismatched = RangeSplitter.mismatching(sourceSums.sums(), targetSums.sums());

    for (int split = 0; split < settings.maxSplitPasses() && mismatched.length > 0; split++) {
      int[] bits = splitter.splitBits(mismatched, sourceSums.sums(), targetSums.sums());
      if (bits == null) {
        break;
      }
      ranges = ranges.refine(mismatched, bits);
      long largestBefore = RangeSplitter.largest(mismatched, sourceSums.sums(), targetSums.sums());
      int countBefore = mismatched.length;
      sourceSums = new SummingSink(keyIndexes, ranges, 0);
      targetSums = new SummingSink(keyIndexes, ranges, 0);
      sumPass(source, sourceSums, target, targetSums, leftOut);
      passes++;
      rangesCompared += ranges.size();
      mismatched = RangeSplitter.mismatching(sourceSums.sums(), targetSums.sums());
      if (mismatched.length <= countBefore
          && RangeSplitter.largest(mismatched, sourceSums.sums(), targetSums.sums())
              >= largestBefore) {
        // no range got smaller: its rows share one key hash (equal copies of a row of a table
        // identified by its whole rows), which no further split separates
        break;
      }
    }

    RowComparer comparer = new RowComparer(table, settings.maxListed());
    List<Difference> listed = new ArrayList<>(first.undecodableListed());
    long missing = first.undecodableCount();
    long extra = 0;
    long differing = 0;
    int next = 0;
    for (int batch = 0; batch < settings.maxRowPasses() && next < mismatched.length; batch++) {
      int end = next;
      long rows = 0;
      while (end < mismatched.length) {
        int i = mismatched[end];
        long r = Math.max(sourceSums.sums().rows(i), targetSums.sums().rows(i));
        if (end > next && rows + r > settings.rowBudget()) {
          break;
        }
        rows += r;
        end++;
      }
      KeyRanges batchRanges =
          ranges.refine(Arrays.copyOfRange(mismatched, next, end), new int[end - next]);
      CollectingSink sourceRows = new CollectingSink(keyIndexes, batchRanges, table.wholeRow());
      CollectingSink targetRows = new CollectingSink(keyIndexes, batchRanges, table.wholeRow());
      sides.scan(source, sourceRows, target, targetRows);
      if (leftOut != null) {
        // rows left out on the source side in any pass are not compared on either side
        sourceRows.rows().keySet().removeAll(leftOut.keyTexts());
        targetRows.rows().keySet().removeAll(leftOut.keyTexts());
      }
      passes++;
      RowComparer.Counts counts = comparer.compare(sourceRows, targetRows, listed);
      missing += counts.missing();
      extra += counts.extra();
      differing += counts.differing();
      next = end;
    }
    boolean complete = next >= mismatched.length;
    for (int k = next; k < mismatched.length; k++) {
      long d = sourceSums.sums().rows(mismatched[k]) - targetSums.sums().rows(mismatched[k]);
      if (d > 0) {
        missing += d;
      } else {
        extra -= d;
      }
    }
    return new DiffResult(
        first.sums().totalRows(),
        firstTarget.sums().totalRows(),
        first.rejectedRows(),
        first.sums().totalHex(),
        firstTarget.sums().totalHex(),
        missing,
        extra,
        differing,
        listed,
        complete,
        passes,
        rangesCompared,
        mismatched.length);
  }

  /**
   * One checksum pass of both sides. As of P ({@code leftOut} not null), the target's rows of the
   * keys the source left out are taken out of the target's sums again: read by key in the snapshot
   * the sums were read in ({@link HeldSnapshot}: the target keeps it open while the source is
   * read), else by key afterwards — rows apply wrote meanwhile then make their ranges differ, and
   * the row passes, where the rows left out are not compared, settle them.
   */
  private void sumPass(
      RowScanner source,
      SummingSink sourceSums,
      RowScanner target,
      SummingSink targetSums,
      LeftOut leftOut) {
    if (leftOut == null) {
      sides.scan(source, sourceSums, target, targetSums);
      return;
    }
    if (!(target instanceof HeldSnapshot held)) {
      sides.scan(source, sourceSums, target, targetSums);
      if (!leftOut.isEmpty()) {
        target.scanKeys(leftOut.sourceKeys(), targetSums.subtracting());
      }
      return;
    }
    CompletableFuture<List<ObjectNode>> keys = new CompletableFuture<>();
    sides.read(
        () -> {
          try {
            sourceSums.readFrom(source);
          } catch (RuntimeException | Error e) {
            keys.completeExceptionally(e); // the target's snapshot ends too
            throw e;
          }
          keys.complete(leftOut.sourceKeys());
          return true;
        },
        () -> {
          targetSums.readHeld(held, keys);
          return true;
        });
  }

  /**
   * Compares only the rows of the given keys, each side reading them by key: what changed after a
   * position the whole table was compared at. The result's row counts are the rows read (the keys
   * each side has); it has no checksums.
   *
   * @param keys capture's keys of the rows (source column names)
   * @return null when either side cannot look this table's rows up by key
   */
  public DiffResult diffKeys(
      TableDef table, RowScanner source, RowScanner target, List<ObjectNode> keys) {
    int[] keyIndexes = RowDigester.keyIndexes(table);
    KeyRanges all = KeyRanges.uniform(0);
    CollectingSink sourceRows = new CollectingSink(keyIndexes, all, table.wholeRow());
    CollectingSink targetRows = new CollectingSink(keyIndexes, all, table.wholeRow());
    if (!sides.read(
        () -> source.scanKeys(keys, sourceRows), () -> target.scanKeys(keys, targetRows))) {
      return null;
    }
    long sourceCount = sourceRows.rows().size();
    long targetCount = targetRows.rows().size();
    List<Difference> undecodable = sourceRows.undecodableRows();
    List<Difference> listed = new ArrayList<>();
    for (Difference d : undecodable) {
      if (listed.size() < settings.maxListed()) {
        listed.add(d);
      }
    }
    RowComparer.Counts counts =
        new RowComparer(table, settings.maxListed()).compare(sourceRows, targetRows, listed);
    return new DiffResult(
        sourceCount + undecodable.size(),
        targetCount,
        sourceRows.rejectedRows(),
        null,
        null,
        counts.missing() + undecodable.size(),
        counts.extra(),
        counts.differing(),
        listed,
        true,
        1,
        1,
        counts.missing() + counts.extra() + counts.differing() == 0 ? 0 : 1);
  }
}
