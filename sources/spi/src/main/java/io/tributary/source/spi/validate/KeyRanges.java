package io.tributary.source.spi.validate;

import java.util.Arrays;

/**
 * Sorted, disjoint ranges of the 64-bit key-hash space (unsigned), each the set of hashes that
 * share a prefix: range {@code i} holds the hashes whose first {@code depth[i]} bits equal those of
 * {@code start[i]}. Rows are placed by the hash of their canonical key rather than by the key's own
 * order, because the two sides do not order keys alike (a text key remapped to a uuid5, text cast
 * to uuid, collations); a range of hashes is the same set of rows on both sides. Immutable.
 */
public final class KeyRanges {
  /** The deepest prefix a range can have. */
  public static final int MAX_DEPTH = 62;

  private final long[] start;
  private final int[] depth;
  private final int uniformDepth; // >= 0 when every range has this depth and all are present

  private KeyRanges(long[] start, int[] depth, int uniformDepth) {
    this.start = start;
    this.depth = depth;
    this.uniformDepth = uniformDepth;
  }

  /** The whole space in {@code 2^depth} equal ranges. */
  public static KeyRanges uniform(int depth) {
    if (depth < 0 || depth > 24) {
      throw new IllegalArgumentException("uniform depth must be 0..24, not " + depth);
    }
    int n = 1 << depth;
    long[] start = new long[n];
    int[] depths = new int[n];
    for (int i = 0; i < n; i++) {
      start[i] = depth == 0 ? 0 : ((long) i) << (64 - depth);
      depths[i] = depth;
    }
    return new KeyRanges(start, depths, depth);
  }

  public int size() {
    return start.length;
  }

  /** The depth of every range when these are all {@code 2^depth} ranges of the space, else -1. */
  public int uniformDepth() {
    return uniformDepth;
  }

  /** The first hash of range {@code i}. */
  public long start(int i) {
    return start[i];
  }

  /** The prefix length of range {@code i}. */
  public int depth(int i) {
    return depth[i];
  }

  /** The index of the range holding the hash, or -1 when no range holds it. */
  public int locate(long hash) {
    if (uniformDepth == 0) {
      return 0;
    }
    if (uniformDepth > 0) {
      return (int) (hash >>> (64 - uniformDepth));
    }
    int lo = 0;
    int hi = start.length - 1;
    while (lo <= hi) { // the last range starting at or before the hash
      int mid = (lo + hi) >>> 1;
      if (Long.compareUnsigned(start[mid], hash) <= 0) {
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    if (hi < 0) {
      return -1;
    }
    return contains(hi, hash) ? hi : -1;
  }

  private boolean contains(int i, long hash) {
    int d = depth[i];
    return d == 0 || (hash >>> (64 - d)) == (start[i] >>> (64 - d));
  }

  /**
   * Ranges {@code keep} (indexes into this, ascending), each either kept as it is or, when {@code
   * extraBits[k] > 0}, split into {@code 2^extraBits[k]} ranges one prefix longer per bit.
   */
  public KeyRanges refine(int[] keep, int[] extraBits) {
    int total = 0;
    for (int k = 0; k < keep.length; k++) {
      total += 1 << bits(keep[k], extraBits[k]);
    }
    long[] starts = new long[total];
    int[] depths = new int[total];
    int n = 0;
    for (int k = 0; k < keep.length; k++) {
      int i = keep[k];
      int bits = bits(i, extraBits[k]);
      int d = depth[i] + bits;
      for (int c = 0; c < (1 << bits); c++) {
        starts[n] = bits == 0 ? start[i] : start[i] | (((long) c) << (64 - d));
        depths[n] = d;
        n++;
      }
    }
    return new KeyRanges(starts, depths, -1);
  }

  private int bits(int i, int requested) {
    return Math.max(0, Math.min(requested, MAX_DEPTH - depth[i]));
  }

  /** {@code [start/depth, ...]} in hex, for messages and tests. */
  public String describe(int i) {
    return Long.toHexString(start[i]) + "/" + depth[i];
  }

  @Override
  public String toString() {
    return "KeyRanges" + Arrays.toString(start.length > 8 ? Arrays.copyOf(start, 8) : start);
  }
}
