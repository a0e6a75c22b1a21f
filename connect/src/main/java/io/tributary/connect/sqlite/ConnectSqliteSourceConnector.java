package io.tributary.connect.sqlite;

import io.tributary.capture.connect.ConnectCaptureConfig;
import io.tributary.capture.connect.ConnectCaptureTask;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * The capture connector for a Kafka Connect cluster, under the name deployments know it by: one
 * source of one migration, its kind, location, tables and progress in the control schema, captured
 * by the capture host's task ({@link ConnectCaptureTask}). One task (SQLite has one writer at a
 * time). Its records are published as they are: the connector's configuration must set {@link
 * #CONVERTERS} ({@code StringConverter} for keys, {@code ByteArrayConverter} for values and
 * headers), whatever the worker's defaults; it refuses to start otherwise.
 *
 * <pre>{@code
 * connector.class=io.tributary.connect.sqlite.ConnectSqliteSourceConnector
 * tributary.migration=notes            tributary.source=notes-app
 * tributary.control.url=jdbc:postgresql://target:5432/unified
 * tributary.control.user=tributary     tributary.control.password=${file:/secrets/pg:password}
 * kafka.bootstrap.servers=kafka:9093   kafka.security.protocol=SASL_SSL   ...
 * key.converter=org.apache.kafka.connect.storage.StringConverter
 * value.converter=org.apache.kafka.connect.converters.ByteArrayConverter
 * header.converter=org.apache.kafka.connect.converters.ByteArrayConverter
 * }</pre>
 */
public class ConnectSqliteSourceConnector extends SourceConnector {
  /** The converters a worker must use for this connector's records (set on the connector). */
  public static final Map<String, String> CONVERTERS =
      Map.of(
          "key.converter", "org.apache.kafka.connect.storage.StringConverter",
          "value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter",
          "header.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");

  private Map<String, String> props;

  @Override
  public void start(Map<String, String> props) {
    new ConnectCaptureConfig(props); // a bad configuration fails here, naming the setting
    // the worker's defaults (often JsonConverter) would wrap the envelope: the connector's own
    // converters must be set on it
    for (Map.Entry<String, String> converter : CONVERTERS.entrySet()) {
      String set = props.get(converter.getKey());
      if (!converter.getValue().equals(set)) {
        throw new ConfigException(
            converter.getKey(),
            set,
            "this connector's records are published as they are: set "
                + converter.getKey()
                + "="
                + converter.getValue()
                + " on the connector");
      }
    }
    this.props = new HashMap<>(props);
  }

  @Override
  public Class<? extends Task> taskClass() {
    return ConnectCaptureTask.class;
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    return List.of(props);
  }

  @Override
  public void stop() {
    // nothing held
  }

  @Override
  public ConfigDef config() {
    return ConnectCaptureConfig.DEFINITION;
  }

  @Override
  public String version() {
    String version = getClass().getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }
}
