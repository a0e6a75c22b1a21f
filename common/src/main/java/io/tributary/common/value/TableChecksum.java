package io.tributary.common.value;

import java.util.HexFormat;
import java.util.List;

/**
 * An order-independent checksum of a set of rows: the row count and two 64-bit lane sums of each
 * row's SHA-256 over its {@link RowCanonicalizer canonical form}. Rows may be added in any order
 * and checksums of disjoint ranges can be {@link #merge merged}, so source and target can be read
 * in whatever order is cheapest. Not thread-safe.
 */
public final class TableChecksum {
  private final RowHasher hasher = new RowHasher();
  private final long[] lanes = new long[2];
  private long rows;
  private long lane1;
  private long lane2;

  /** Adds one row (values in catalog column order). */
  public void add(List<Object> values) {
    hasher.lanes(values, lanes);
    lane1 += lanes[0];
    lane2 += lanes[1];
    rows++;
  }

  /** Adds the rows of another checksum (a disjoint set of rows). */
  public void merge(TableChecksum other) {
    lane1 += other.lane1;
    lane2 += other.lane2;
    rows += other.rows;
  }

  public long rows() {
    return rows;
  }

  /** 32 hex digits; equal for equal sets of rows. */
  public String hex() {
    return hex(lane1, lane2);
  }

  /**
   * The checksum's text for lane sums computed elsewhere (in the database, by {@link
   * io.tributary.common.sql.CanonicalSqlBuilder#sumsByPrefix}).
   */
  public static String hex(long lane1, long lane2) {
    return HexFormat.of().toHexDigits(lane1) + HexFormat.of().toHexDigits(lane2);
  }
}
