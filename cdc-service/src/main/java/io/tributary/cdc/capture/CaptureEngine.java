package io.tributary.cdc.capture;

import io.tributary.cdc.CaptureConfig;
import io.tributary.cdc.engine.EmbeddedEngine;
import io.tributary.cdc.engine.EngineBacked;
import io.tributary.common.kafka.KafkaSettings;
import io.tributary.source.spi.capture.CapturedSource;
import io.tributary.source.spi.capture.SnapshotPublisher;
import io.tributary.source.spi.capture.SnapshotStep;
import java.util.Properties;
import org.jboss.logging.Logger;

/**
 * One Debezium engine capturing one source of a migration, on its own thread. Source offsets are
 * kept in a Kafka topic, so a restarted cdc-service resumes where Kafka acknowledged.
 */
final class CaptureEngine implements EngineBacked {
  private static final Logger LOG = Logger.getLogger(CaptureEngine.class);

  private final CapturedSource source;
  private final EmbeddedEngine engine;

  CaptureEngine(CapturedSource source) {
    this.source = source;
    this.engine = new EmbeddedEngine("capture-" + source.id(), "Capture of " + source.id());
  }

  /**
   * Starts the engine with the publisher as its consumer, after the snapshot its kind reads itself.
   *
   * @param snapshot the snapshot read before the engine starts, published through {@code snapshots}
   *     ({@link SnapshotStep#NONE}: none)
   * @param connector the connector's own properties (class and settings)
   */
  void start(
      KafkaSettings kafka,
      CaptureConfig config,
      SnapshotStep snapshot,
      SnapshotPublisher snapshots,
      StreamStartWriter starts,
      Properties connector,
      RecordPublisher publisher) {
    // the offset store's clients connect as every other client does (TLS, SASL)
    Properties props = kafka.worker();
    props.putAll(connector);
    props.setProperty("name", name(source.migration(), source.source()));
    props.setProperty("tasks.max", "1");
    props.setProperty("offset.storage", "org.apache.kafka.connect.storage.KafkaOffsetBackingStore");
    props.setProperty("offset.storage.topic", config.offsetTopic());
    props.setProperty("offset.storage.partitions", "1");
    // -1: the broker's default replication factor
    props.setProperty(
        "offset.storage.replication.factor",
        Short.toString(config.topicReplicationFactor().orElse((short) -1)));
    props.setProperty(
        "offset.flush.interval.ms", Long.toString(config.offsetFlushInterval().toMillis()));
    // the offset store's consumer takes the worker's properties: a PostgreSQL task reads the
    // offset topic to its end after each commit, which waited behind an idle fetch of 500 ms
    props.setProperty("fetch.max.wait.ms", Long.toString(config.offsetStoreFetchWait().toMillis()));
    props.setProperty("errors.max.retries", "0");
    engine.start(
        new EmbeddedEngine.Prelude() {
          @Override
          public boolean run() throws Exception {
            if (!snapshot.run(snapshots)) {
              return false;
            }
            snapshot
                .streamStart()
                .map(publisher::stored)
                .ifPresent(start -> starts.store(source.migration(), source.source(), start));
            return true;
          }

          @Override
          public void stop() {
            snapshot.stop();
          }
        },
        props,
        publisher);
    LOG.infof(
        "Capture of %s (%s %s) started", source.id(), source.kindName(), source.displayLocation());
  }

  /** The engine's name, which keys its stored offsets ({@link CaptureOffsetEraser}). */
  static String name(String migration, String source) {
    return "tributary-" + migration + "-" + source;
  }

  CapturedSource source() {
    return source;
  }

  @Override
  public EmbeddedEngine engine() {
    return engine;
  }

  /** Stops the engine and waits for its thread. */
  void stop() {
    engine.stop();
  }
}
