package io.tributary.source.spi.validate;

import java.util.HexFormat;

/**
 * Per {@link KeyRanges range}: how many rows, and the two checksum lanes summed over them (mod
 * 2^64). Two sides' sums of the same range are equal when their rows are (but for a 2^-64 chance).
 * Memory: 24 bytes a range. Not thread-safe.
 */
public final class RangeSums {
  private final long[] rows;
  private final long[] lane1;
  private final long[] lane2;

  public RangeSums(int ranges) {
    rows = new long[ranges];
    lane1 = new long[ranges];
    lane2 = new long[ranges];
  }

  public void add(int range, long l1, long l2) {
    rows[range]++;
    lane1[range] += l1;
    lane2[range] += l2;
  }

  /** Adds a range's rows and lane sums counted elsewhere (in the database). */
  public void add(int range, long count, long l1, long l2) {
    rows[range] += count;
    lane1[range] += l1;
    lane2[range] += l2;
  }

  public int size() {
    return rows.length;
  }

  public long rows(int range) {
    return rows[range];
  }

  /** True when the range's rows and lanes equal the other side's. */
  public boolean sameAs(RangeSums other, int range) {
    return rows[range] == other.rows[range]
        && lane1[range] == other.lane1[range]
        && lane2[range] == other.lane2[range];
  }

  /** The rows of every range. */
  public long totalRows() {
    long total = 0;
    for (long r : rows) {
      total += r;
    }
    return total;
  }

  /** The checksum of every range together, as {@link io.tributary.common.value.TableChecksum}. */
  public String totalHex() {
    long l1 = 0;
    long l2 = 0;
    for (int i = 0; i < rows.length; i++) {
      l1 += lane1[i];
      l2 += lane2[i];
    }
    return HexFormat.of().toHexDigits(l1) + HexFormat.of().toHexDigits(l2);
  }
}
