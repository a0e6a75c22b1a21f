package io.tributary.cdc.capture;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.tributary.cdc.CaptureConfig;
import io.tributary.cdc.kafka.KafkaClients;
import io.tributary.cdc.kafka.TopicProvisioner;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.source.spi.capture.StreamStart;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

/**
 * Stores where an engine starts streaming after a snapshot its kind read itself ({@link
 * StreamStart}) as the engine's own offset, in the offset topic ({@link
 * CaptureConfig#offsetTopic}), keyed as Kafka Connect keys it ({@code ["<engine name>",
 * {partition}]}, the JSON Connect's converter writes), on the topic's one partition; {@link
 * StoredSourceOffsets} reads it back like any offset the engine stored.
 */
@ApplicationScoped
public class StreamStartWriter {
  private static final Logger LOG = Logger.getLogger(StreamStartWriter.class);

  private final KafkaClients kafka;
  private final CaptureConfig config;
  private final TopicProvisioner topics;

  public StreamStartWriter(KafkaClients kafka, CaptureConfig config, TopicProvisioner topics) {
    this.kafka = kafka;
    this.config = config;
    this.topics = topics;
  }

  /**
   * Stores {@code start} as the offset of the engine of {@code migration}/{@code source}, and waits
   * until Kafka acknowledged it.
   *
   * @throws IllegalStateException when Kafka did not take it in time
   */
  void store(String migration, String source, StreamStart start) {
    String engine = CaptureEngine.name(migration, source);
    // the engine's offset store refuses a topic that is not compacted: create it as it would
    topics.ensureOffsetTopic();
    try {
      byte[] key = ChangeEventCodec.MAPPER.writeValueAsBytes(List.of(engine, start.partition()));
      byte[] value = ChangeEventCodec.MAPPER.writeValueAsBytes(start.offset());
      kafka
          .producer()
          .send(
              new ProducerRecord<>(
                  config.offsetTopic(), 0, new String(key, StandardCharsets.UTF_8), value))
          .get(StoredSourceOffsets.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      LOG.infof(
          "Capture of %s/%s starts streaming from %s (stored as its offset)",
          migration, source, start.offset());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unwritable offset " + start + ": " + e.getMessage(), e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "failed to store where the capture of "
              + migration
              + "/"
              + source
              + " starts streaming: "
              + e.getMessage(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted storing the stream start of " + engine, e);
    }
  }
}
