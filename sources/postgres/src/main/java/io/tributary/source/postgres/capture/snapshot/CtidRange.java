package io.tributary.source.postgres.capture.snapshot;

/**
 * A range of a table's heap blocks, read by one {@code COPY}: its rows are those whose {@code ctid}
 * lies in blocks {@code from} (inclusive) to {@code to} (exclusive), or, for the table's last
 * range, every block from {@code from} on ({@code to} = {@link #OPEN}).
 *
 * @param from the first block
 * @param to the block after the last, or {@link #OPEN}
 */
public record CtidRange(long from, long to) {
  /** The end of a table's last range: every block from its start on. */
  public static final long OPEN = -1;

  private static final String PREFIX = "blocks ";

  public CtidRange {
    if (from < 0 || (to != OPEN && to <= from)) {
      throw new IllegalArgumentException("not a block range: " + from + " to " + to);
    }
  }

  /** Whether the range has no end (the table's last). */
  public boolean open() {
    return to == OPEN;
  }

  /**
   * Whether this range holds every block of {@code other}: a done range that covers a planned one
   * makes reading it again unnecessary.
   */
  public boolean covers(CtidRange other) {
    return from <= other.from && (open() || (!other.open() && to >= other.to));
  }

  /**
   * The range as a chunk's range header and a checkpoint say it: {@code blocks 0-1024}, {@code
   * blocks 1024-}.
   */
  public String label() {
    return PREFIX + from + "-" + (open() ? "" : Long.toString(to));
  }

  /**
   * The range of a {@link #label()}.
   *
   * @throws IllegalArgumentException when the text is not a label
   */
  public static CtidRange parse(String label) {
    int dash = label.indexOf('-');
    if (!label.startsWith(PREFIX) || dash < 0) {
      throw new IllegalArgumentException("not a block range: " + label);
    }
    try {
      long from = Long.parseLong(label.substring(PREFIX.length(), dash));
      String end = label.substring(dash + 1);
      return new CtidRange(from, end.isEmpty() ? OPEN : Long.parseLong(end));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a block range: " + label, e);
    }
  }

  @Override
  public String toString() {
    return label();
  }
}
