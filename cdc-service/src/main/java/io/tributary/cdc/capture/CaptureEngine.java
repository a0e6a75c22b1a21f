package io.tributary.cdc.capture;

import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import io.tributary.cdc.capture.sqlite.SqliteConnectorConfig;
import io.tributary.cdc.capture.sqlite.SqliteSourceConnector;
import java.io.IOException;
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

  /** Starts the engine with the publisher as its consumer. */
  void start(String bootstrapServers, CaptureConfig config, RecordPublisher publisher) {
    Properties props = new Properties();
    props.setProperty("name", "tributary-" + source.migration() + "-" + source.source());
    props.setProperty("connector.class", SqliteSourceConnector.class.getName());
    props.setProperty("tasks.max", "1");
    props.setProperty("offset.storage", "org.apache.kafka.connect.storage.KafkaOffsetBackingStore");
    props.setProperty("offset.storage.topic", config.offsetTopic());
    props.setProperty("offset.storage.partitions", "1");
    props.setProperty(
        "offset.storage.replication.factor", Short.toString(config.topicReplicationFactor()));
    props.setProperty(
        "offset.flush.interval.ms", Long.toString(config.offsetFlushInterval().toMillis()));
    props.setProperty("bootstrap.servers", bootstrapServers);
    props.setProperty("errors.max.retries", "0");
    props.setProperty(SqliteConnectorConfig.PATH, source.location());
    props.setProperty(SqliteConnectorConfig.MIGRATION, source.migration());
    props.setProperty(SqliteConnectorConfig.SOURCE, source.source());
    props.setProperty(SqliteConnectorConfig.TARGET_SCHEMA, source.targetSchema());
    props.setProperty(SqliteConnectorConfig.TABLES, source.tablesJson());
    props.setProperty(
        SqliteConnectorConfig.SNAPSHOT_FETCH_SIZE, Integer.toString(config.snapshotFetchSize()));
    props.setProperty(SqliteConnectorConfig.PROGRESS_TOPIC, config.progressTopic());
    props.setProperty(
        SqliteConnectorConfig.STREAM_BATCH_SIZE, Integer.toString(config.streamBatchSize()));
    props.setProperty(
        SqliteConnectorConfig.POLL_INTERVAL_MS, Long.toString(config.pollInterval().toMillis()));
    props.setProperty(
        SqliteConnectorConfig.TRIM_INTERVAL_MS, Long.toString(config.trimInterval().toMillis()));
    props.setProperty(
        SqliteConnectorConfig.BUSY_TIMEOUT_MS,
        Long.toString(config.sqliteBusyTimeout().toMillis()));
    engine =
        DebeziumEngine.create(ChangeEventFormat.of(io.debezium.embedded.Connect.class))
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
    LOG.infof("Capture of %s (%s %s) started", source.id(), source.kind(), source.location());
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

  /** Stops the engine and waits for its thread. */
  void stop() {
    try {
      if (engine != null) {
        engine.close();
      }
    } catch (IOException e) {
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
