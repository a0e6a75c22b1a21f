package io.tributary.source.spi.validate;

/**
 * How far capture has delivered a source's changes to Kafka (every change at or below {@code
 * delivered} is on its topic): a SQLite file's consumer position in {@code _tributary_consumers}, a
 * PostgreSQL slot's {@code confirmed_flush_lsn}.
 *
 * @param delivered the highest position delivered, null when unknown
 * @param unknownBecause why it is unknown, null when it is known
 */
public record CapturePosition(Long delivered, String unknownBecause) {

  /** A known position. */
  public static CapturePosition at(long delivered) {
    return new CapturePosition(delivered, null);
  }

  /** A position that could not be told, and why. */
  public static CapturePosition unknown(String why) {
    return new CapturePosition(null, why);
  }
}
