package io.tributary.source.spi.capture;

import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.event.Topics;
import java.util.List;
import java.util.function.ToIntFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The markers that start a snapshot generation: one record with the header {@link
 * Topics#RESET_HEADER} on every partition of every table topic of a source, published before the
 * first record of a (re)started snapshot. Apply empties the target table at the first of them and
 * ignores every record of an older generation after it, so what a snapshot interrupted by a crash
 * had written is replaced by the new snapshot rather than merged with it.
 */
public final class ResetMarkers {
  private ResetMarkers() {}

  /** The markers of snapshot generation {@code generation}. */
  public static List<ProducerRecord<String, byte[]>> of(
      long generation,
      String migration,
      String source,
      List<String> topics,
      ToIntFunction<String> partitions) {
    return FenceMarkers.everyPartition(
        topics,
        partitions,
        value(generation, migration, source),
        Topics.RESET_HEADER,
        Long.toString(generation));
  }

  /** A reset marker's value (JSON): the generation, migration and source. */
  static String value(long generation, String migration, String source) {
    return ChangeEventCodec.MAPPER
        .createObjectNode()
        .put("reset", generation)
        .put("migration", migration)
        .put("source", source)
        .toString();
  }
}
