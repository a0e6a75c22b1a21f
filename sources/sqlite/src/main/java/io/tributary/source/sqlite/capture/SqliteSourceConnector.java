package io.tributary.source.sqlite.capture;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * Tributary's SQLite connector, written against the Kafka Connect API: the Debezium engine runs it
 * inside cdc-service, and a Kafka Connect cluster could run it as well. One task per database file
 * (SQLite has one writer at a time; more readers would not help).
 */
public class SqliteSourceConnector extends SourceConnector {
  private Map<String, String> props;

  @Override
  public void start(Map<String, String> props) {
    new SqliteConnectorConfig(props); // fails fast on bad configuration
    this.props = Map.copyOf(props);
  }

  @Override
  public Class<? extends Task> taskClass() {
    return SqliteSourceTask.class;
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
    return SqliteConnectorConfig.DEFINITION;
  }

  @Override
  public String version() {
    return "0.1.0";
  }
}
