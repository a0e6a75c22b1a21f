package io.tributary.common.kafka;

import java.util.Collections;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The Kafka settings every Kafka client of a service takes: {@code bootstrap.servers} and whatever
 * else the operator set under {@code kafka.*} (or as {@code KAFKA_*} environment variables) — TLS
 * ({@code security.protocol}, {@code ssl.truststore.location}, {@code ssl.keystore.location}, …),
 * SASL ({@code sasl.mechanism}, {@code sasl.jaas.config}), timeouts.
 *
 * <p>Services build it from Quarkus's {@code default-kafka-broker} map, the same settings the
 * SmallRye Kafka channels get, so the hand-built clients (apply's consumer, capture's producer, the
 * admins, Debezium's offset store) and the channels connect the same way. Each client gets only the
 * settings its kind of client knows (a consumer is not given {@code acks}), so an operator's
 * setting for one kind does not make the others log warnings; what the client sets itself (its
 * group, its client id) is set after these and wins.
 */
public final class KafkaSettings {
  private final Map<String, String> settings;

  private KafkaSettings(Map<String, String> settings) {
    this.settings = Collections.unmodifiableMap(settings);
  }

  /**
   * The settings of a {@code default-kafka-broker}-style map: keys without the {@code kafka.}
   * prefix ({@code bootstrap.servers}, {@code security.protocol}); values as text.
   *
   * @throws IllegalArgumentException when {@code bootstrap.servers} is missing or blank
   */
  public static KafkaSettings of(Map<String, ?> config) {
    Map<String, String> settings = new TreeMap<>();
    config.forEach(
        (key, value) -> {
          if (value != null) {
            settings.put(key, value.toString());
          }
        });
    String servers = settings.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
    if (servers == null || servers.isBlank()) {
      throw new IllegalArgumentException(
          "kafka.bootstrap.servers is not set: name the Kafka brokers (host:port,...)");
    }
    return new KafkaSettings(settings);
  }

  /** Only the brokers: a Kafka without TLS or SASL. */
  public static KafkaSettings ofBootstrapServers(String bootstrapServers) {
    return of(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
  }

  public String bootstrapServers() {
    return settings.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
  }

  /** The protocol clients speak to the brokers ({@code PLAINTEXT} unless set). */
  public String securityProtocol() {
    return settings.getOrDefault("security.protocol", "PLAINTEXT");
  }

  /** Settings for a consumer. */
  public Properties consumer() {
    return select(ConsumerConfig.configNames());
  }

  /** Settings for a producer. */
  public Properties producer() {
    return select(ProducerConfig.configNames());
  }

  /** Settings for an admin client. */
  public Properties admin() {
    return select(AdminClientConfig.configNames());
  }

  /**
   * Settings a Kafka Connect worker passes to the clients of its Kafka-backed stores (Debezium's
   * offset store and schema history): what a producer, a consumer or an admin client knows.
   */
  public Properties worker() {
    Set<String> names = new TreeSet<>(ConsumerConfig.configNames());
    names.addAll(ProducerConfig.configNames());
    names.addAll(AdminClientConfig.configNames());
    return select(names);
  }

  /** Every setting, for a child process or a log line (passwords are in here: do not log it). */
  public Map<String, String> asMap() {
    return settings;
  }

  private Properties select(Set<String> known) {
    Properties properties = new Properties();
    settings.forEach(
        (key, value) -> {
          if (known.contains(key)) {
            properties.setProperty(key, value);
          }
        });
    return properties;
  }

  /** The brokers and the security protocol: what is safe to show. */
  @Override
  public String toString() {
    return bootstrapServers() + " (" + securityProtocol() + ")";
  }
}
