package io.tributary.source.spi.capture;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Which records of a batch, once Kafka acknowledged them, may have their source offsets stored
 * (marked processed): the engine stores the offset of the last record marked, and a restarted
 * capture resumes from it. A kind whose connector misreads some stored positions on restart holds
 * those back, so that the stored offset stays at the last position it resumes from correctly;
 * holding a record back never loses it (it is delivered again after a restart, and apply's stored
 * positions make the repeat harmless), acknowledging it too early can. A kind may also store an
 * acknowledged record's offset in another form ({@link #stored}) that its connector resumes from
 * correctly.
 */
@FunctionalInterface
public interface AcknowledgeableOffsets {
  /** Every record's offset may be stored (the kinds whose connector resumes exactly). */
  AcknowledgeableOffsets ALL =
      records -> {
        boolean[] all = new boolean[records.size()];
        Arrays.fill(all, true);
        return all;
      };

  /**
   * For each record of a batch, in order: whether its source offset may be stored.
   *
   * @param records the connector's records of one batch, in the order it produced them
   */
  boolean[] of(List<SourceRecord> records);

  /**
   * The offset stored for a record {@link #of} lets store: the record's own, or one that names the
   * same position in a form the connector's resume search cannot misread. Returns its argument when
   * nothing is to change.
   *
   * @param offset the record's source offset (may be null)
   */
  default Map<String, ?> stored(Map<String, ?> offset) {
    return offset;
  }
}
