package io.tributary.validator.continuous;

import io.tributary.common.kafka.ApplyLag;
import io.tributary.source.spi.validate.CapturePosition;
import io.tributary.source.spi.validate.SourcePosition;
import io.tributary.validator.target.TargetSide;
import java.util.Map;

/**
 * Decides whether a source read and a target read of a table hold the same changes. They do when,
 * in this order of reading:
 *
 * <ol>
 *   <li>the source was read at a known {@link SourcePosition} (and the table's snapshot is done);
 *   <li>capture had then delivered every change of the table up to the read's position to Kafka:
 *       told by the read itself where the source can ({@link SourcePosition#undelivered()}), else
 *       by capture's position read after the source read;
 *   <li>apply had applied every message of the table's topic up to its end offsets read after that
 *       (so the target read holds every change the source read saw);
 *   <li>the target read holds no change at or above the position the source read had not seen (the
 *       highest source position apply applied, stored with its offsets in the same transaction as
 *       the rows).
 * </ol>
 *
 * Then a difference between the two reads is a real difference, reported at once, however recently
 * the source was written.
 */
final class AlignmentDecider {
  private AlignmentDecider() {}

  /**
   * @param snapshotDone whether capture finished the table's snapshot
   * @param read where the source read stood
   * @param capture how far capture had delivered, read after the source read; not used (may be
   *     null) when the read told it
   * @param endOffsets the topic's end offsets, read after {@code capture}; null when Kafka did not
   *     answer
   * @param target the target read (apply's next offsets and highest applied position with it)
   */
  public static Alignment decide(
      boolean snapshotDone,
      SourcePosition read,
      CapturePosition capture,
      Map<Integer, Long> endOffsets,
      TargetSide target) {
    if (!snapshotDone) {
      return Alignment.inFlight("the table's snapshot is not done");
    }
    if (read == null || !read.known()) {
      return Alignment.unknown(
          read == null ? "the source position was not read" : read.unknownBecause());
    }
    if (read.undelivered() != null) {
      if (read.undelivered() > 0) {
        return Alignment.inFlight(
            read.undelivered()
                + (read.undelivered() == 1 ? " change" : " changes")
                + " of the table read at source position "
                + read.through()
                + " not yet delivered by capture");
      }
    } else if (capture == null || capture.delivered() == null) {
      return Alignment.unknown(
          capture == null ? "capture's position was not read" : capture.unknownBecause());
    } else if (capture.delivered() < read.through()) {
      return Alignment.inFlight(
          "capture has delivered changes up to source position "
              + capture.delivered()
              + ", the source was read at "
              + read.through());
    }
    if (endOffsets == null) {
      return Alignment.unknown("Kafka's end offsets are unknown");
    }
    long lag = ApplyLag.lag(endOffsets, target.nextOffsets());
    if (lag > 0) {
      return Alignment.inFlight(
          "apply had " + lag + (lag == 1 ? " message" : " messages") + " of the table to apply");
    }
    Long applied = target.appliedPosition();
    if (applied != null && applied >= read.unseenFrom()) {
      return Alignment.inFlight(
          "apply had applied changes up to source position "
              + applied
              + ", made after the source was read at "
              + read.through());
    }
    return Alignment.aligned(read.through());
  }
}
