package io.tributary.source.postgres.capture.snapshot;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Cuts a table's heap into the block ranges its snapshot is read in: ranges of a fixed number of
 * blocks, the last one open-ended (the blocks the table had when the snapshot was taken are a lower
 * bound: rows may sit in blocks added since, and the snapshot sees them), and leaves out ranges an
 * earlier read of the same generation already finished. A server without TID range scans
 * (PostgreSQL before 14 reads a {@code ctid} range as a whole-table scan) reads each table in one
 * range.
 */
public final class CtidRangePlanner {
  /** The first server version ({@code server_version_num}) with TID range scans. */
  static final int TID_RANGE_SCANS = 140_000;

  private final long rangeBlocks;
  private final int serverVersion;

  /**
   * @param rangeBlocks the blocks of a range
   * @param serverVersion the server's {@code server_version_num}
   */
  public CtidRangePlanner(long rangeBlocks, int serverVersion) {
    if (rangeBlocks <= 0) {
      throw new IllegalArgumentException("a range needs at least one block, not " + rangeBlocks);
    }
    this.rangeBlocks = rangeBlocks;
    this.serverVersion = serverVersion;
  }

  /**
   * The ranges of a table of {@code blocks} blocks, in block order, less those {@code done} covers.
   */
  public List<CtidRange> plan(long blocks, Collection<CtidRange> done) {
    List<CtidRange> ranges = new ArrayList<>();
    if (serverVersion < TID_RANGE_SCANS || blocks <= rangeBlocks) {
      ranges.add(new CtidRange(0, CtidRange.OPEN));
    } else {
      long from = 0;
      for (; from + rangeBlocks < blocks; from += rangeBlocks) {
        ranges.add(new CtidRange(from, from + rangeBlocks));
      }
      ranges.add(new CtidRange(from, CtidRange.OPEN));
    }
    ranges.removeIf(range -> done.stream().anyMatch(d -> d.covers(range)));
    return ranges;
  }
}
