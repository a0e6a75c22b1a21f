package io.tributary.capture.connect;

import io.tributary.capture.CaptureControl.SourceRow;
import io.tributary.capture.TopicEnsurer;
import io.tributary.common.catalog.TableDef;
import io.tributary.common.event.ChangeEventCodec;
import io.tributary.common.plan.SourceKind;
import io.tributary.source.spi.capture.CaptureContext;
import io.tributary.source.spi.capture.CapturedSource;
import io.tributary.source.spi.capture.RecordTranslator;
import io.tributary.source.spi.capture.SourceCapture;
import io.tributary.source.spi.capture.SourceCapture.EngineSetup;
import java.io.IOException;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.source.SourceTask;
import org.apache.kafka.connect.source.SourceTaskContext;

/**
 * Starts a source's capture inside a Kafka Connect task: picks the capture of the source's kind,
 * creates its topics, has the kind prepare its connector ({@link SourceCapture#prepare}) and starts
 * that connector's task in process, with the capture settings set on the Connect connector.
 */
final class CaptureLauncher {
  private static final String CONNECTOR_CLASS = "connector.class";

  /** A running capture: its source, kind, translator and the kind connector's task. */
  record Launched(
      CapturedSource source, SourceCapture capture, RecordTranslator translator, SourceTask task) {}

  private final ConnectCaptureConfig config;
  private final Map<String, String> props;
  private final Map<String, SourceCapture> captures = new LinkedHashMap<>();
  private final CaptureContext context;
  private final ControlCaptureRecords records;
  private final TopicEnsurer topics;

  /**
   * @param captures the captures this connector runs, at most one per kind
   */
  CaptureLauncher(
      ConnectCaptureConfig config,
      Map<String, String> props,
      List<SourceCapture> captures,
      CaptureContext context,
      ControlCaptureRecords records,
      TopicEnsurer topics) {
    this.config = config;
    this.props = Map.copyOf(props);
    captures.forEach(c -> this.captures.putIfAbsent(c.kind().planName(), c));
    this.context = context;
    this.records = records;
    this.topics = topics;
  }

  /**
   * The source as its row records it.
   *
   * @throws ConnectException when this connector does not capture its kind
   */
  CapturedSource source(SourceRow row) {
    SourceKind kind = SourceKind.fromPlanName(row.kind()).orElse(null);
    if (kind == null || !captures.containsKey(row.kind())) {
      throw new ConnectException(
          "source "
              + config.migration()
              + "/"
              + config.source()
              + " is of kind "
              + row.kind()
              + "; this connector captures "
              + String.join(", ", captures.keySet())
              + " sources");
    }
    List<String> tableTopics = tables(row.tablesJson()).stream().map(TableDef::topic).toList();
    return new CapturedSource(
        config.migration(),
        config.source(),
        kind,
        row.location(),
        row.targetSchema(),
        tableTopics,
        row.tablesJson(),
        row.resyncs(),
        row.streamOnly());
  }

  /** The capture of a kind, if this connector captures it. */
  Optional<SourceCapture> capture(SourceKind kind) {
    return Optional.ofNullable(captures.get(kind.planName()));
  }

  /** Creates the source's topics, prepares its capture and starts its connector's task. */
  Launched launch(CapturedSource source, SourceTaskContext taskContext) {
    ensureTopics(source.publishedTopics(context.settings().progressTopic()));
    SourceCapture capture = captures.get(source.kind().planName());
    EngineSetup setup;
    try {
      setup = capture.prepare(source, records.listener(source.migration(), source.source()));
    } catch (SQLException e) {
      throw new RetriableException("cannot prepare the capture of " + source.id(), e);
    }
    SourceConnector connector = connector(setup.connector().getProperty(CONNECTOR_CLASS), capture);
    Map<String, String> taskProps = new HashMap<>();
    setup.connector().stringPropertyNames().stream()
        .filter(k -> !k.equals(CONNECTOR_CLASS))
        .forEach(k -> taskProps.put(k, setup.connector().getProperty(k)));
    // the capture settings set on this connector (snapshot.read.ahead, trim.batch.size, ...)
    for (String key : connector.config().names()) {
      if (props.containsKey(key) && !taskProps.containsKey(key)) {
        taskProps.put(key, props.get(key));
      }
    }
    SourceTask task = newInstance(connector.taskClass().asSubclass(SourceTask.class));
    task.initialize(taskContext);
    task.start(taskProps);
    return new Launched(source, capture, setup.translator(), task);
  }

  private void ensureTopics(List<String> names) {
    try {
      topics.ensure(
          names,
          config.topicPartitions() < 0 ? Optional.empty() : Optional.of(config.topicPartitions()),
          config.topicReplicationFactor() < 0
              ? Optional.empty()
              : Optional.of(config.topicReplicationFactor()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectException("interrupted while creating topics " + names, e);
    } catch (Exception e) {
      throw new ConnectException("cannot create topics " + names + ": " + e.getMessage(), e);
    }
  }

  private static SourceConnector connector(String className, SourceCapture capture) {
    try {
      return newInstance(
          Class.forName(className, true, capture.getClass().getClassLoader())
              .asSubclass(SourceConnector.class));
    } catch (ClassNotFoundException e) {
      throw new ConnectException("the capture's connector " + className + " is not here", e);
    }
  }

  private static <T> T newInstance(Class<T> type) {
    try {
      return type.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new ConnectException("cannot create " + type.getName(), e);
    }
  }

  private static List<TableDef> tables(String json) {
    try {
      return Arrays.asList(ChangeEventCodec.MAPPER.readValue(json, TableDef[].class));
    } catch (IOException e) {
      throw new ConnectException("the source's catalog cannot be read: " + e.getMessage(), e);
    }
  }
}
