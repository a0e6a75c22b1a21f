package io.tributary.cdc.capture;

import io.tributary.cdc.CaptureConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import org.jboss.logging.Logger;

/**
 * Forgets the source offsets a capture stored in the offset topic ({@link
 * CaptureConfig#offsetTopic}) once its migration has ended and its change capture is removed: a
 * migration submitted again under the same id and source name would otherwise resume from them (a
 * PostgreSQL capture from an LSN its new slot never had). Kafka Connect keys each offset by {@code
 * ["<engine name>", {partition}]}; every key of the engine gets a tombstone, on the partition it
 * was read from.
 */
@ApplicationScoped
public class CaptureOffsetEraser {
  private static final Logger LOG = Logger.getLogger(CaptureOffsetEraser.class);

  private final OffsetTopicWriter writer;
  private final StoredSourceOffsets stored;

  public CaptureOffsetEraser(OffsetTopicWriter writer, StoredSourceOffsets stored) {
    this.writer = writer;
    this.stored = stored;
  }

  /**
   * Writes a tombstone for every stored offset of the capture of {@code migration}/{@code source}.
   *
   * @return how many offsets were forgotten
   * @throws IllegalStateException when Kafka could not be read or written in time
   */
  public int erase(String migration, String source) {
    Collection<StoredSourceOffsets.Stored> keys = stored.of(migration, source).values();
    writer.write(
        keys.stream().map(k -> new OffsetTopicWriter.Entry(k.partition(), k.key(), null)).toList(),
        "forget the stored offsets of " + migration + "/" + source);
    if (!keys.isEmpty()) {
      LOG.infof("Forgot %d stored source offsets of %s/%s", keys.size(), migration, source);
    }
    return keys.size();
  }
}
