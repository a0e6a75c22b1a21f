package io.tributary.validator;

/**
 * What was read from a source table.
 *
 * @param rows every row of the table
 * @param expectedRejects rows with a value that cannot become its target type (apply must have
 *     rejected them), null when the table was only counted
 * @param checksum the checksum of the other rows, null when the table was only counted
 */
public record SourceSide(long rows, Long expectedRejects, String checksum) {

  /** A table that was only counted. */
  public static SourceSide counted(long rows) {
    return new SourceSide(rows, null, null);
  }
}
