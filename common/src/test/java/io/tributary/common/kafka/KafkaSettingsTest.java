package io.tributary.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaSettingsTest {
  private static Map<String, Object> saslSsl() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("bootstrap.servers", "kafka-0:9093,kafka-1:9093");
    config.put("security.protocol", "SASL_SSL");
    config.put("sasl.mechanism", "SCRAM-SHA-512");
    config.put("sasl.jaas.config", "org.apache...ScramLoginModule required;");
    config.put("ssl.truststore.location", "/etc/kafka/truststore.p12");
    config.put("acks", "all");
    config.put("group.id", "tributary-orchestrator");
    config.put("home", "/opt/kafka"); // KAFKA_HOME in the environment: no client setting
    config.put("request.timeout.ms", 45000);
    return config;
  }

  @Test
  void everyKindOfClientGetsTheSecuritySettings() {
    KafkaSettings kafka = KafkaSettings.of(saslSsl());
    for (Properties properties :
        new Properties[] {kafka.consumer(), kafka.producer(), kafka.admin(), kafka.worker()}) {
      assertThat(properties)
          .containsEntry("bootstrap.servers", "kafka-0:9093,kafka-1:9093")
          .containsEntry("security.protocol", "SASL_SSL")
          .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
          .containsEntry("sasl.jaas.config", "org.apache...ScramLoginModule required;")
          .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.p12")
          .containsEntry("request.timeout.ms", "45000")
          .doesNotContainKey("home");
    }
  }

  @Test
  void eachClientOnlyGetsWhatItsKindKnows() {
    KafkaSettings kafka = KafkaSettings.of(saslSsl());
    assertThat(kafka.producer()).containsEntry("acks", "all").doesNotContainKey("group.id");
    assertThat(kafka.consumer()).containsKey("group.id").doesNotContainKey("acks");
    assertThat(kafka.admin()).doesNotContainKeys("acks", "group.id");
    assertThat(kafka.worker()).containsKeys("acks", "group.id");
  }

  @Test
  void showsNoSecrets() {
    KafkaSettings kafka = KafkaSettings.of(saslSsl());
    assertThat(kafka.toString())
        .isEqualTo("kafka-0:9093,kafka-1:9093 (SASL_SSL)")
        .doesNotContain("Scram");
    assertThat(KafkaSettings.ofBootstrapServers("127.0.0.1:9092").securityProtocol())
        .isEqualTo("PLAINTEXT");
  }

  @Test
  void bootstrapServersAreRequired() {
    assertThatThrownBy(() -> KafkaSettings.of(Map.of("security.protocol", "SSL")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kafka.bootstrap.servers");
    assertThatThrownBy(() -> KafkaSettings.ofBootstrapServers(" "))
        .hasMessageContaining("kafka.bootstrap.servers");
  }
}
