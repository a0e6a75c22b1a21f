package io.tributary.common.kafka;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** The one way Tributary's services make a Kafka {@link Admin} client. */
public final class KafkaAdmins {
  private KafkaAdmins() {}

  /**
   * An admin client whose requests give up after {@code timeout} (Kafka's defaults wait a minute
   * and more, which a status page or a validation round must not).
   *
   * @param kafka the brokers and how to connect to them (TLS, SASL)
   * @param clientId how the broker's logs and metrics name it ({@code tributary-validator-admin})
   */
  public static Admin create(KafkaSettings kafka, String clientId, Duration timeout) {
    Properties properties = kafka.admin();
    properties.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
    int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
    properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
    return Admin.create(properties);
  }
}
