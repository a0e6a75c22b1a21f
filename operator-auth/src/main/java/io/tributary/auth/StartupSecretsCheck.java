package io.tributary.auth;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Refuses to start a service whose database or Kafka password is a placeholder ({@link
 * PlaceholderSecrets}); the operator credentials are checked where they are read ({@link
 * OperatorCredentials}). Every Tributary service has this module, so all three check alike.
 */
@ApplicationScoped
public class StartupSecretsCheck {
  /** Settings that hold a password as they are. */
  static final String[] PASSWORDS = {
    "quarkus.datasource.password", "kafka.ssl.truststore.password"
  };

  /** Settings that hold a JAAS configuration with a password in it. */
  static final String[] JAAS = {"kafka.sasl.jaas.config"};

  void onStart(@Observes StartupEvent event) {
    check(ConfigProvider.getConfig());
  }

  /** Throws naming the first setting that holds a placeholder. */
  static void check(Config config) {
    for (String name : PASSWORDS) {
      config
          .getOptionalValue(name, String.class)
          .ifPresent(v -> PlaceholderSecrets.refuse(name, v));
    }
    for (String name : JAAS) {
      config
          .getOptionalValue(name, String.class)
          .flatMap(PlaceholderSecrets::jaasPassword)
          .ifPresent(v -> PlaceholderSecrets.refuse(name + " (its password)", v));
    }
  }
}
