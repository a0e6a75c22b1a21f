package io.tributary.source.spi.validate;

/**
 * What was read from a source table.
 *
 * @param rows every row of the table
 * @param expectedRejects rows with a value that cannot become its target type (apply must have
 *     rejected them), null when the table was only counted
 * @param checksum the checksum of the other rows, null when the table was only counted
 * @param position where the read stood in the source's change stream
 */
public record SourceSide(
    long rows, Long expectedRejects, String checksum, SourcePosition position) {

  /** A read whose position was not asked for. */
  public SourceSide(long rows, Long expectedRejects, String checksum) {
    this(rows, expectedRejects, checksum, SourcePosition.unknown("the position was not read"));
  }

  /** A table that was only counted. */
  public static SourceSide counted(long rows) {
    return new SourceSide(rows, null, null);
  }

  /** A table that was only counted, at a position. */
  public static SourceSide counted(long rows, SourcePosition position) {
    return new SourceSide(rows, null, null, position);
  }
}
