package io.tributary.cdc.capture;

import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import io.tributary.cdc.CaptureConfig;
import io.tributary.common.kafka.KafkaSettings;
import io.tributary.source.spi.capture.CapturedSource;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.connect.source.SourceRecord;
import org.jboss.logging.Logger;

/**
 * One Debezium engine capturing one source of a migration, on its own thread. Source offsets are
 * kept in a Kafka topic, so a restarted cdc-service resumes where Kafka acknowledged.
 */
final class CaptureEngine {
  private static final Logger LOG = Logger.getLogger(CaptureEngine.class);

  private final CapturedSource source;
  private final ExecutorService executor;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private volatile boolean finished;
  private DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
  private volatile Instant startedAt;

  CaptureEngine(CapturedSource source) {
    this.source = source;
    this.executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "capture-" + source.id());
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Starts the engine with the publisher as its consumer.
   *
   * @param connector the connector's own properties (class and settings)
   */
  void start(
      KafkaSettings kafka, CaptureConfig config, Properties connector, RecordPublisher publisher) {
    this.startedAt = Instant.now();
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
    props.setProperty("errors.max.retries", "0");
    engine =
        DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
            .using(props)
            .using(CaptureEngine.class.getClassLoader())
            .notifying(publisher)
            .using(
                (success, message, error) -> {
                  if (!success) {
                    failure.set(error != null ? error : new IllegalStateException(message));
                    LOG.errorf(error, "Capture of %s stopped: %s", source.id(), message);
                  } else {
                    LOG.infof("Capture of %s stopped", source.id());
                  }
                  finished = true;
                })
            .build();
    executor.execute(engine);
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

  /** True once the engine stopped, by request or by failure. */
  boolean finished() {
    return finished;
  }

  Throwable failure() {
    return failure.get();
  }

  /** Whether the capture has run for {@code quiet} without stopping: it works again. */
  boolean working(Duration quiet) {
    return !finished && startedAt != null && startedAt.plus(quiet).isBefore(Instant.now());
  }

  /** Stops the engine and waits for its thread. */
  void stop() {
    try {
      // An engine that stopped by itself (a failure) refuses to be closed again: nothing to do
      if (engine != null && !finished) {
        engine.close();
      }
    } catch (IOException | IllegalStateException e) {
      LOG.warnf("Failed to stop capture of %s cleanly: %s", source.id(), e.getMessage());
    }
    executor.shutdown();
    try {
      if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
