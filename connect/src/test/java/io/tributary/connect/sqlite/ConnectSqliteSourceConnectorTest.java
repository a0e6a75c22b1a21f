package io.tributary.connect.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.capture.connect.ConnectCaptureConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ConnectSqliteSourceConnectorTest {
  private static Map<String, String> valid() {
    Map<String, String> props = new HashMap<>(ConnectSqliteSourceConnector.CONVERTERS);
    props.put("tributary.migration", "notes");
    props.put("tributary.source", "notes-app");
    props.put("tributary.control.url", "jdbc:postgresql://target:5432/unified");
    props.put("tributary.control.user", "tributary");
    props.put("tributary.control.password", "secret");
    props.put("kafka.bootstrap.servers", "kafka:9093");
    props.put("kafka.security.protocol", "SASL_SSL");
    return props;
  }

  @Test
  @DisplayName("A valid configuration gives one task with it; the admin gets the kafka.* settings")
  void oneTask() {
    ConnectSqliteSourceConnector connector = new ConnectSqliteSourceConnector();
    connector.start(valid());
    assertThat(connector.taskConfigs(4)).singleElement().isEqualTo(valid());
    assertThat(new ConnectCaptureConfig(valid()).kafka())
        .containsEntry("bootstrap.servers", "kafka:9093")
        .containsEntry("security.protocol", "SASL_SSL");
    assertThat(new ConnectCaptureConfig(valid()).controlPassword()).isEqualTo("secret");
  }

  @Test
  @DisplayName("The worker's own converters are refused, naming the one to set")
  void convertersMustBeTheConnectors() {
    Map<String, String> props = valid();
    props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    assertThatThrownBy(() -> new ConnectSqliteSourceConnector().start(props))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "value.converter=org.apache.kafka.connect.converters.ByteArrayConverter");
    props.remove("value.converter");
    assertThatThrownBy(() -> new ConnectSqliteSourceConnector().start(props))
        .hasMessageContaining("value.converter");
  }

  @Test
  @DisplayName("Missing settings and a lease renewed too rarely are refused, naming the setting")
  void badSettings() {
    Map<String, String> props = valid();
    props.remove("tributary.control.url");
    assertThatThrownBy(() -> new ConnectCaptureConfig(props))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("tributary.control.url");
    Map<String, String> lease = valid();
    lease.put("lease.duration.ms", "6000");
    lease.put("lease.renew.ms", "3000");
    assertThatThrownBy(() -> new ConnectCaptureConfig(lease))
        .hasMessageContaining("lease.renew.ms (3000) must be less than half of lease.duration.ms");
  }
}
