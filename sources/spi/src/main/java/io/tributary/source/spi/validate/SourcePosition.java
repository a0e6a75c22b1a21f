package io.tributary.source.spi.validate;

/**
 * Where one read of a source table stood in the source's change stream, in the positions change
 * events carry ({@code source.pos}: a SQLite file's change-log sequence, a PostgreSQL LSN). The
 * read holds exactly the changes at or below {@code through} and none at or above {@code
 * unseenFrom} (for SQLite both bound the same point: {@code unseenFrom = through + 1}); the target
 * holds the same rows when capture delivered up to {@code through}, apply applied all of it, and
 * apply applied nothing at or above {@code unseenFrom}.
 *
 * @param through every change the read saw has a position at or below it; null when unknown
 * @param unseenFrom every change the read did not see has a position at or above it; null when
 *     unknown
 * @param undelivered how many of the table's changes at or below {@code through} capture had not
 *     yet delivered to Kafka, as the read saw it (a SQLite file's change log tells it in the same
 *     read transaction); null when the source cannot tell it (then capture's position is read
 *     afterwards, see {@link ValidationSource#captured})
 * @param unknownBecause why the position is unknown, null when it is known
 */
public record SourcePosition(
    Long through, Long unseenFrom, Long undelivered, String unknownBecause) {

  /** A known position; capture's progress to be asked separately. */
  public static SourcePosition at(long through, long unseenFrom) {
    return new SourcePosition(through, unseenFrom, null, null);
  }

  /** A known position, with the table's changes capture had not delivered up to it. */
  public static SourcePosition at(long through, long unseenFrom, long undelivered) {
    return new SourcePosition(through, unseenFrom, undelivered, null);
  }

  /** A position that could not be told, and why. */
  public static SourcePosition unknown(String why) {
    return new SourcePosition(null, null, null, why);
  }

  /** True when the read's position is known. */
  public boolean known() {
    return through != null && unseenFrom != null;
  }
}
