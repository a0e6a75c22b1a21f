package io.tributary.cdc.capture;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.tributary.cdc.CaptureConfig;
import io.tributary.cdc.kafka.TopicProvisioner;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.source.spi.capture.StreamStart;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.List;
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

  private final OffsetTopicWriter writer;
  private final TopicProvisioner topics;

  public StreamStartWriter(OffsetTopicWriter writer, TopicProvisioner topics) {
    this.writer = writer;
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
    byte[] key;
    byte[] value;
    try {
      key = ChangeEventCodec.MAPPER.writeValueAsBytes(List.of(engine, start.partition()));
      value = ChangeEventCodec.MAPPER.writeValueAsBytes(start.offset());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unwritable offset " + start + ": " + e.getMessage(), e);
    }
    writer.write(
        List.of(new OffsetTopicWriter.Entry(0, new String(key, StandardCharsets.UTF_8), value)),
        "store where the capture of " + migration + "/" + source + " starts streaming");
    LOG.infof(
        "Capture of %s/%s starts streaming from %s (stored as its offset)",
        migration, source, start.offset());
  }
}
