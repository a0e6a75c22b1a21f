package io.tributary.common.event;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;

/**
 * Where a change stands in its source's change stream, carried by every change record capture
 * publishes ({@link Topics#POSITION_HEADER}) and compared by apply: positions grow along a source's
 * stream, so within one partition of a table topic a record at or below the position apply stored
 * for that partition is one it applied already (a batch capture published again after a crash
 * between Kafka's acknowledgement and its offset commit), and is skipped — keyed or not, a change
 * has its effect once.
 *
 * <p>The parts, compared in this order:
 *
 * <ul>
 *   <li>{@code generation}: the capture installation the stream belongs to; a stream that starts
 *       over (a SQLite change log made anew, whose sequence starts from 1 again) has a higher one;
 *   <li>{@code major}, {@code minor}: PostgreSQL, the LSN of the last commit before the change and
 *       the change's own LSN (Debezium's {@code sequence}: in commit order, and in WAL order within
 *       a transaction); SQLite and Chroma, the change log's sequence number and 0;
 *   <li>{@code ordinal}: the records at one {@code (major, minor)} in the order capture published
 *       them (the rows of one {@code COPY} page share an LSN; a key change is a delete and an
 *       insert).
 * </ul>
 *
 * Snapshot reads carry no position: they are all read at one position, and a snapshot that is read
 * again is a new snapshot generation, which replaces what the target holds.
 *
 * @param generation the capture installation
 * @param major the position's first part
 * @param minor its second part
 * @param ordinal the record's rank among those at {@code (major, minor)}
 */
public record SourcePosition(long generation, long major, long minor, long ordinal)
    implements Comparable<SourcePosition> {
  private static final Comparator<SourcePosition> ORDER =
      Comparator.comparingLong(SourcePosition::generation)
          .thenComparingLong(SourcePosition::major)
          .thenComparingLong(SourcePosition::minor)
          .thenComparingLong(SourcePosition::ordinal);

  @Override
  public int compareTo(SourcePosition other) {
    return ORDER.compare(this, other);
  }

  /** The same position's next record at {@code (major, minor)}. */
  public SourcePosition next() {
    return new SourcePosition(generation, major, minor, ordinal + 1);
  }

  /** Whether {@code other} is at the same {@code (generation, major, minor)}. */
  public boolean sameChange(SourcePosition other) {
    return other != null
        && generation == other.generation
        && major == other.major
        && minor == other.minor;
  }

  /** The header value: {@code generation/major/minor/ordinal} in decimal, readable by any tool. */
  public byte[] header() {
    return toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return generation + "/" + major + "/" + minor + "/" + ordinal;
  }

  /** As stored in the control schema ({@code bigint[]}). */
  public Long[] toArray() {
    return new Long[] {generation, major, minor, ordinal};
  }

  /**
   * A stored position ({@code bigint[4]}), null for none.
   *
   * @throws IllegalArgumentException for an array of another length
   */
  public static SourcePosition fromArray(Long[] parts) {
    if (parts == null) {
      return null;
    }
    if (parts.length != 4) {
      throw new IllegalArgumentException(
          "a source position has 4 parts, not "
              + parts.length
              + ": "
              + String.join(",", text(parts)));
    }
    return new SourcePosition(parts[0], parts[1], parts[2], parts[3]);
  }

  private static String[] text(Long[] parts) {
    String[] out = new String[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = String.valueOf(parts[i]);
    }
    return out;
  }

  /**
   * Reads a header value.
   *
   * @throws IllegalArgumentException naming the value when it is not four decimal numbers
   */
  public static SourcePosition parse(byte[] header) {
    String text = new String(header, StandardCharsets.ISO_8859_1);
    long[] parts = new long[4];
    int start = 0;
    try {
      for (int i = 0; i < 4; i++) {
        int slash = text.indexOf('/', start);
        if (i < 3 ? slash < 0 : slash >= 0) {
          throw new NumberFormatException("not four parts");
        }
        int end = i < 3 ? slash : text.length();
        parts[i] = Long.parseLong(text, start, end, 10);
        start = end + 1;
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "header "
              + Topics.POSITION_HEADER
              + " is not a source position: '"
              + new String(header, StandardCharsets.UTF_8)
              + "'",
          e);
    }
    return new SourcePosition(parts[0], parts[1], parts[2], parts[3]);
  }
}
