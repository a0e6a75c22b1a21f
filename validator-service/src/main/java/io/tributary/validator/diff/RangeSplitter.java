package io.tributary.validator.diff;

import io.tributary.source.spi.validate.RangeSums;
import java.util.Arrays;

/**
 * Sizes the key-hash ranges of a comparison within its {@link DiffSettings}: how deep the first
 * pass's ranges are, which ranges mismatch, and how many bits to split each mismatching range by.
 */
final class RangeSplitter {
  private final DiffSettings settings;

  RangeSplitter(DiffSettings settings) {
    this.settings = settings;
  }

  /** The depth whose ranges hold about {@code leafRows} rows, within {@code maxRanges}. */
  int initialDepth(long expectedRows) {
    long ranges = Math.max(1, expectedRows / settings.leafRows());
    int depth = 64 - Long.numberOfLeadingZeros(ranges - 1); // ceil(log2)
    int maxDepth = 31 - Integer.numberOfLeadingZeros(settings.maxRanges()); // floor(log2)
    return Math.max(0, Math.min(Math.min(depth, maxDepth), 24));
  }

  /** The most rows either side has in one of the ranges. */
  static long largest(int[] ranges, RangeSums source, RangeSums target) {
    long most = 0;
    for (int range : ranges) {
      most = Math.max(most, Math.max(source.rows(range), target.rows(range)));
    }
    return most;
  }

  /** How many bits to split each mismatching range by; null when none needs (or can be) split. */
  int[] splitBits(int[] mismatched, RangeSums source, RangeSums target) {
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

  /** The ranges whose sums differ between the sides. */
  static int[] mismatching(RangeSums source, RangeSums target) {
    int[] out = new int[source.size()];
    int n = 0;
    for (int i = 0; i < source.size(); i++) {
      if (!source.sameAs(target, i)) {
        out[n++] = i;
      }
    }
    return Arrays.copyOf(out, n);
  }
}
