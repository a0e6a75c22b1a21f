package io.tributary.cdc.capture;

import io.tributary.cdc.CaptureConfig;
import io.tributary.cdc.kafka.KafkaClients;
import io.tributary.cdc.kafka.TopicProvisioner;
import io.tributary.source.spi.capture.CapturedSource;
import io.tributary.source.spi.capture.SourceCapture;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;

/**
 * Starts the capture engine of one source: ensures its topics, lets its kind's {@link
 * SourceCapture} prepare the connector (and the snapshot it reads itself, published through a
 * {@link ProducerSnapshotPublisher}), and runs a {@link CaptureEngine} that publishes through a
 * {@link RecordPublisher}.
 */
@ApplicationScoped
public class EngineStarter {
  private final CaptureConfig config;
  private final CaptureProgressRecorder progress;
  private final KafkaClients kafka;
  private final TopicProvisioner topics;
  private final CaptureMetrics metrics;
  private final SourceCaptures captures;
  private final StreamStartWriter starts;

  public EngineStarter(
      CaptureConfig config,
      CaptureProgressRecorder progress,
      KafkaClients kafka,
      TopicProvisioner topics,
      CaptureMetrics metrics,
      SourceCaptures captures,
      StreamStartWriter starts) {
    this.config = config;
    this.progress = progress;
    this.kafka = kafka;
    this.topics = topics;
    this.metrics = metrics;
    this.captures = captures;
    this.starts = starts;
  }

  /**
   * Starts the source's engine.
   *
   * @throws SQLException when the source cannot be prepared now (the start is retried later)
   */
  CaptureEngine start(CapturedSource source) throws SQLException {
    topics.ensure(
        source.publishedTopics(config.progressTopic()),
        config.topicPartitions(),
        config.topicReplicationFactor());
    SourceCapture.EngineSetup setup =
        captures.of(source.kind()).prepare(source, progress.listener(source));
    CaptureEngine engine = new CaptureEngine(source);
    engine.start(
        kafka.settings(),
        config,
        setup.snapshot(),
        new ProducerSnapshotPublisher(kafka.producer(), metrics.of(source)),
        starts,
        setup.connector(),
        new RecordPublisher(
            kafka.producer(),
            setup.translator(),
            setup.acknowledgeable(),
            metrics.of(source),
            config.maxRecordBytes()));
    return engine;
  }
}
