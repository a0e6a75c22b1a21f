package io.tributary.source.sqlite.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SqliteConnectorConfigTest {
  @Test
  @DisplayName(
      "Every configuration key has a type, a description and, when it has a default, a validator")
  void everyKeyIsDocumented() {
    for (ConfigDef.ConfigKey key : SqliteConnectorConfig.DEFINITION.configKeys().values()) {
      assertThat(key.documentation).as("description of %s", key.name).isNotBlank();
      assertThat(key.type).as("type of %s", key.name).isNotNull();
      if (key.type == ConfigDef.Type.INT || key.type == ConfigDef.Type.LONG) {
        assertThat(key.validator).as("validator of %s", key.name).isNotNull();
      }
    }
  }

  @Test
  @DisplayName("Out-of-range values are refused, naming the key")
  void refusesBadValues() {
    Map<String, String> props =
        Map.of(
            SqliteConnectorConfig.PATH, "/x.db",
            SqliteConnectorConfig.MIGRATION, "m",
            SqliteConnectorConfig.SOURCE, "s",
            SqliteConnectorConfig.TARGET_SCHEMA, "s",
            SqliteConnectorConfig.STREAM_BATCH_SIZE, "0");
    assertThatThrownBy(() -> new SqliteConnectorConfig(props))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(SqliteConnectorConfig.STREAM_BATCH_SIZE);
    SqliteConnectorConfig defaults =
        new SqliteConnectorConfig(
            Map.of(
                SqliteConnectorConfig.PATH, "/x.db",
                SqliteConnectorConfig.MIGRATION, "m",
                SqliteConnectorConfig.SOURCE, "s",
                SqliteConnectorConfig.TARGET_SCHEMA, "s"));
    assertThat(defaults.streamBatchSize()).isEqualTo(500);
    assertThat(defaults.streamMaxReadMs()).isEqualTo(1);
    assertThat(defaults.snapshotMaxReadMs()).isEqualTo(1);
    assertThat(defaults.trimIntervalMs()).isEqualTo(5000);
  }
}
