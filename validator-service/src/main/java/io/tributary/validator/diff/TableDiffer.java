package io.tributary.validator.diff;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.common.catalog.ColumnDef;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.value.ValueCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
 * offset is not a difference. The source's reader skips rows apply rejected ({@link
 * RowScanner.RowSink#rejected()}). Blocking; the target is read on the given executor while the
 * calling thread reads the source.
 */
public final class TableDiffer {
  private final DiffSettings settings;
  private final Executor executor;

  /**
   * @param executor runs the target side's reads (a thread other than the caller's)
   */
  public TableDiffer(DiffSettings settings, Executor executor) {
    this.settings = settings;
    this.executor = executor;
  }

  /**
   * Compares the table.
   *
   * @param expectedRows about how many rows the table has (sizes the first pass's ranges)
   */
  public DiffResult diff(TableDef table, RowScanner source, RowScanner target, long expectedRows) {
    int[] keyIndexes = RowDigester.keyIndexes(table);
    KeyRanges ranges = KeyRanges.uniform(initialDepth(expectedRows));
    Summing sourceSums = new Summing(keyIndexes, ranges, settings.maxListed(), table);
    Summing targetSums = new Summing(keyIndexes, ranges, 0, table);
    scanBoth(source, sourceSums, target, targetSums);
    Summing first = sourceSums;
    Summing firstTarget = targetSums;
    int passes = 1;
    long rangesCompared = ranges.size();
    int[] mismatched = mismatching(sourceSums.sums, targetSums.sums);

    for (int split = 0; split < settings.maxSplitPasses() && mismatched.length > 0; split++) {
      int[] bits = splitBits(mismatched, sourceSums.sums, targetSums.sums);
      if (bits == null) {
        break;
      }
      ranges = ranges.refine(mismatched, bits);
      long largestBefore = largest(mismatched, sourceSums.sums, targetSums.sums);
      int countBefore = mismatched.length;
      sourceSums = new Summing(keyIndexes, ranges, 0, table);
      targetSums = new Summing(keyIndexes, ranges, 0, table);
      scanBoth(source, sourceSums, target, targetSums);
      passes++;
      rangesCompared += ranges.size();
      mismatched = mismatching(sourceSums.sums, targetSums.sums);
      if (mismatched.length <= countBefore
          && largest(mismatched, sourceSums.sums, targetSums.sums) >= largestBefore) {
        // no range got smaller: its rows share one key hash (equal copies of a row of a table
        // identified by its whole rows), which no further split separates
        break;
      }
    }

    List<Difference> listed = new ArrayList<>(first.undecodable);
    long missing = first.undecodableCount;
    long extra = 0;
    long differing = 0;
    int next = 0;
    for (int batch = 0; batch < settings.maxRowPasses() && next < mismatched.length; batch++) {
      int end = next;
      long rows = 0;
      while (end < mismatched.length) {
        int i = mismatched[end];
        long r = Math.max(sourceSums.sums.rows(i), targetSums.sums.rows(i));
        if (end > next && rows + r > settings.rowBudget()) {
          break;
        }
        rows += r;
        end++;
      }
      KeyRanges batchRanges =
          ranges.refine(Arrays.copyOfRange(mismatched, next, end), new int[end - next]);
      Collecting sourceRows = new Collecting(keyIndexes, batchRanges, table.wholeRow());
      Collecting targetRows = new Collecting(keyIndexes, batchRanges, table.wholeRow());
      scanBoth(source, sourceRows, target, targetRows);
      passes++;
      Counts counts = compare(table, sourceRows, targetRows, listed);
      missing += counts.missing;
      extra += counts.extra;
      differing += counts.differing;
      next = end;
    }
    boolean complete = next >= mismatched.length;
    for (int k = next; k < mismatched.length; k++) {
      long d = sourceSums.sums.rows(mismatched[k]) - targetSums.sums.rows(mismatched[k]);
      if (d > 0) {
        missing += d;
      } else {
        extra -= d;
      }
    }
    return new DiffResult(
        first.sums.totalRows(),
        firstTarget.sums.totalRows(),
        first.rejected,
        first.sums.totalHex(),
        firstTarget.sums.totalHex(),
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
    Collecting sourceRows = new Collecting(keyIndexes, all, table.wholeRow());
    Collecting targetRows = new Collecting(keyIndexes, all, table.wholeRow());
    CompletableFuture<Boolean> targetRead =
        CompletableFuture.supplyAsync(() -> target.scanKeys(keys, targetRows), executor);
    boolean sourceRead;
    try {
      sourceRead = source.scanKeys(keys, sourceRows);
    } catch (RuntimeException e) {
      targetRead.handle((v, failure) -> null).join(); // let the target's read end first
      throw e;
    }
    boolean targetDone;
    try {
      targetDone = targetRead.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("reading the target failed: " + e.getCause(), e.getCause());
    }
    if (!sourceRead || !targetDone) {
      return null;
    }
    long sourceCount = sourceRows.rows.size();
    long targetCount = targetRows.rows.size();
    List<Difference> listed = new ArrayList<>();
    for (Difference d : sourceRows.undecodable) {
      if (listed.size() < settings.maxListed()) {
        listed.add(d);
      }
    }
    Counts counts = compare(table, sourceRows, targetRows, listed);
    return new DiffResult(
        sourceCount + sourceRows.undecodable.size(),
        targetCount,
        sourceRows.rejected,
        null,
        null,
        counts.missing + sourceRows.undecodable.size(),
        counts.extra,
        counts.differing,
        listed,
        true,
        1,
        1,
        counts.missing + counts.extra + counts.differing == 0 ? 0 : 1);
  }

  /** The depth whose ranges hold about {@code leafRows} rows, within {@code maxRanges}. */
  int initialDepth(long expectedRows) {
    long ranges = Math.max(1, expectedRows / settings.leafRows());
    int depth = 64 - Long.numberOfLeadingZeros(ranges - 1); // ceil(log2)
    int maxDepth = 31 - Integer.numberOfLeadingZeros(settings.maxRanges()); // floor(log2)
    return Math.max(0, Math.min(Math.min(depth, maxDepth), 24));
  }

  /** How many bits to split each mismatching range by; null when none needs (or can be) split. */
  /** The most rows either side has in one of the ranges. */
  private static long largest(int[] ranges, RangeSums source, RangeSums target) {
    long most = 0;
    for (int range : ranges) {
      most = Math.max(most, Math.max(source.rows(range), target.rows(range)));
    }
    return most;
  }

  private int[] splitBits(int[] mismatched, RangeSums source, RangeSums target) {
    int[] bits = new int[mismatched.length];
    boolean any = false;
    for (int k = 0; k < mismatched.length; k++) {
      long rows = Math.max(source.rows(mismatched[k]), target.rows(mismatched[k]));
      if (rows > settings.leafRows()) {
        long parts = (rows + settings.leafRows() - 1) / settings.leafRows();
        bits[k] = Math.min(16, 64 - Long.numberOfLeadingZeros(parts - 1));
        any = true;
      }
    }
    if (!any) {
      return null;
    }
    long total = 0;
    for (int b : bits) {
      total += 1L << b;
    }
    if (total > settings.maxRanges()) { // split less, evenly, to stay within maxRanges
      long perRange = settings.maxRanges() / mismatched.length;
      int allowed = perRange < 2 ? 0 : 63 - Long.numberOfLeadingZeros(perRange);
      if (allowed == 0) {
        return null;
      }
      for (int k = 0; k < bits.length; k++) {
        bits[k] = Math.min(bits[k], allowed);
      }
    }
    return bits;
  }

  private static int[] mismatching(RangeSums source, RangeSums target) {
    int[] out = new int[source.size()];
    int n = 0;
    for (int i = 0; i < source.size(); i++) {
      if (!source.sameAs(target, i)) {
        out[n++] = i;
      }
    }
    return Arrays.copyOf(out, n);
  }

  private void scanBoth(
      RowScanner source,
      RowScanner.RowSink sourceSink,
      RowScanner target,
      RowScanner.RowSink targetSink) {
    CompletableFuture<Void> targetRead =
        CompletableFuture.runAsync(() -> read(target, targetSink), executor);
    try {
      read(source, sourceSink);
    } catch (RuntimeException e) {
      targetRead.handle((v, failure) -> null).join(); // let the target's read end first
      throw e;
    }
    try {
      targetRead.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("reading the target failed: " + e.getCause(), e.getCause());
    }
  }

  /** One side's read of a pass: sums in the database where its reader can, else row by row. */
  private static void read(RowScanner scanner, RowScanner.RowSink sink) {
    if (sink instanceof Summing summing) {
      if (scanner.sumInDatabase(summing.ranges, summing.sums)) {
        return;
      }
      scanner.scan(summing.ranges, sink);
    } else if (sink instanceof Collecting collecting) {
      scanner.scan(collecting.ranges, sink);
    } else {
      scanner.scan(sink);
    }
  }

  private record Counts(long missing, long extra, long differing) {}

  private Counts compare(
      TableDef table, Collecting source, Collecting target, List<Difference> listed) {
    List<ColumnDef> columns = table.columns();
    record Found(int range, String key, Difference difference) {}
    List<Found> found = new ArrayList<>();
    long missing = 0;
    long differing = 0;
    long extra = 0;
    for (Map.Entry<String, Collected> entry : source.rows.entrySet()) {
      Collected s = entry.getValue();
      Collected t = target.rows.remove(entry.getKey());
      if (t != null && s.copies != t.copies) {
        // equal rows of a table identified by its whole rows, held more often on one side
        boolean fewer = t.copies < s.copies;
        long by = Math.abs(s.copies - t.copies);
        if (fewer) {
          missing += by;
        } else {
          extra += by;
        }
        found.add(
            new Found(
                s.range,
                entry.getKey(),
                new Difference(
                    fewer ? DifferenceKind.MISSING : DifferenceKind.EXTRA,
                    key(columns, source.keyIndexes, s.values),
                    null,
                    fewer ? values(columns, s.values, null) : null,
                    fewer ? null : values(columns, t.values, null),
                    "the source holds this row "
                        + times(s.copies)
                        + ", the target "
                        + times(t.copies))));
        continue;
      }
      if (t == null) {
        missing += s.copies;
        found.add(
            new Found(
                s.range,
                entry.getKey(),
                new Difference(
                    DifferenceKind.MISSING,
                    key(columns, source.keyIndexes, s.values),
                    null,
                    values(columns, s.values, null),
                    null,
                    null)));
        continue;
      }
      List<Integer> differ = new ArrayList<>();
      for (int c = 0; c < s.columnHashes.length; c++) {
        if (s.columnHashes[c] != t.columnHashes[c]) {
          differ.add(c);
        }
      }
      if (!differ.isEmpty()) {
        differing++;
        found.add(
            new Found(
                s.range,
                entry.getKey(),
                new Difference(
                    DifferenceKind.DIFFERING,
                    key(columns, source.keyIndexes, s.values),
                    differ.stream().map(c -> columns.get(c).targetName()).toList(),
                    values(columns, s.values, differ),
                    values(columns, t.values, differ),
                    null)));
      }
    }
    for (Map.Entry<String, Collected> entry : target.rows.entrySet()) {
      Collected t = entry.getValue();
      extra += t.copies;
      found.add(
          new Found(
              t.range,
              entry.getKey(),
              new Difference(
                  DifferenceKind.EXTRA,
                  key(columns, target.keyIndexes, t.values),
                  null,
                  null,
                  values(columns, t.values, null),
                  null)));
    }
    found.sort(Comparator.comparingInt(Found::range).thenComparing(Found::key));
    for (Found f : found) {
      if (listed.size() >= settings.maxListed()) {
        break;
      }
      listed.add(f.difference);
    }
    return new Counts(missing, extra, differing);
  }

  private static String times(long n) {
    return n == 1 ? "once" : n == 2 ? "twice" : n + " times";
  }

  private static ObjectNode key(List<ColumnDef> columns, int[] keyIndexes, List<Object> values) {
    ObjectNode node = ChangeEventCodec.MAPPER.createObjectNode();
    for (int i : keyIndexes) {
      node.set(columns.get(i).targetName(), ValueCodec.toJson(values.get(i)));
    }
    return node;
  }

  private static ObjectNode values(
      List<ColumnDef> columns, List<Object> values, List<Integer> only) {
    ObjectNode node = ChangeEventCodec.MAPPER.createObjectNode();
    if (only == null) {
      for (int i = 0; i < columns.size(); i++) {
        node.set(columns.get(i).targetName(), ValueCodec.toJson(values.get(i)));
      }
    } else {
      for (int i : only) {
        node.set(columns.get(i).targetName(), ValueCodec.toJson(values.get(i)));
      }
    }
    return node;
  }

  /** Sums each row into its range; on the source side also keeps what cannot be compared. */
  private static final class Summing implements RowScanner.RowSink {
    private final RowDigester digester;
    private final KeyRanges ranges;
    private final RangeSums sums;
    private final int maxListed;
    private final long[] lanes = new long[2];
    private final List<Difference> undecodable = new ArrayList<>();
    private long undecodableCount;
    private long rejected;

    Summing(int[] keyIndexes, KeyRanges ranges, int maxListed, TableDef table) {
      this.digester = new RowDigester(keyIndexes);
      this.ranges = ranges;
      this.sums = new RangeSums(ranges.size());
      this.maxListed = maxListed;
    }

    @Override
    public void row(List<Object> values) {
      int range = ranges.locate(digester.keyHash(digester.keyText(values)));
      if (range >= 0) {
        digester.rowLanes(values, lanes);
        sums.add(range, lanes[0], lanes[1]);
      }
    }

    @Override
    public void undecodable(ObjectNode sourceKey, String reason) {
      undecodableCount++;
      if (undecodable.size() < maxListed) {
        undecodable.add(
            new Difference(
                DifferenceKind.MISSING,
                sourceKey,
                null,
                null,
                null,
                "the source row cannot be cast to its target types ("
                    + reason
                    + ") and apply has no reject for it"));
      }
    }

    @Override
    public void rejected() {
      rejected++;
    }
  }

  /**
   * A row as collected; {@code copies} counts equal rows of a table identified by its whole rows
   * (for a keyed table, a key's row is there once).
   */
  private static final class Collected {
    final int range;
    final List<Object> values;
    final long[] columnHashes;
    long copies = 1;

    Collected(int range, List<Object> values, long[] columnHashes) {
      this.range = range;
      this.values = values;
      this.columnHashes = columnHashes;
    }
  }

  /** Keeps the rows of the given ranges, by canonical key. */
  private static final class Collecting implements RowScanner.RowSink {
    private final RowDigester digester;
    private final int[] keyIndexes;
    private final KeyRanges ranges;
    private final Map<String, Collected> rows = new HashMap<>();
    private final boolean wholeRow;

    Collecting(int[] keyIndexes, KeyRanges ranges, boolean wholeRow) {
      this.digester = new RowDigester(keyIndexes);
      this.keyIndexes = keyIndexes;
      this.ranges = ranges;
      this.wholeRow = wholeRow;
    }

    @Override
    public void row(List<Object> values) {
      String key = digester.keyText(values);
      int range = ranges.locate(digester.keyHash(key));
      if (range >= 0) {
        Collected seen = rows.get(key);
        if (seen != null && wholeRow) {
          seen.copies++;
        } else {
          rows.put(
              key,
              new Collected(range, Arrays.asList(values.toArray()), digester.columnHashes(values)));
        }
      }
    }

    /** Undecodable source rows (read only by {@link #diffKeys}: a full diff counts them first). */
    private final List<Difference> undecodable = new ArrayList<>();

    private long rejected;

    @Override
    public void undecodable(ObjectNode sourceKey, String reason) {
      undecodable.add(
          new Difference(
              DifferenceKind.MISSING,
              sourceKey,
              null,
              null,
              null,
              "the source row cannot be cast to its target types ("
                  + reason
                  + ") and apply has no reject for it"));
    }

    @Override
    public void rejected() {
      rejected++;
    }
  }
}
