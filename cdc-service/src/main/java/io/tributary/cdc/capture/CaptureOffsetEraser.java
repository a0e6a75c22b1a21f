package io.tributary.cdc.capture;

import io.tributary.cdc.CaptureConfig;
import io.tributary.cdc.kafka.KafkaClients;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
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

  private final KafkaClients kafka;
  private final CaptureConfig config;
  private final StoredSourceOffsets stored;

  public CaptureOffsetEraser(KafkaClients kafka, CaptureConfig config, StoredSourceOffsets stored) {
    this.kafka = kafka;
    this.config = config;
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
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    for (StoredSourceOffsets.Stored key : keys) {
      sent.add(
          kafka
              .producer()
              .send(new ProducerRecord<>(config.offsetTopic(), key.partition(), key.key(), null)));
    }
    try {
      for (Future<RecordMetadata> f : sent) {
        f.get(StoredSourceOffsets.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "failed to forget the stored offsets of "
              + migration
              + "/"
              + source
              + ": "
              + e.getMessage(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "interrupted forgetting the offsets of " + migration + "/" + source, e);
    }
    if (!keys.isEmpty()) {
      LOG.infof("Forgot %d stored source offsets of %s/%s", keys.size(), migration, source);
    }
    return keys.size();
  }
}
