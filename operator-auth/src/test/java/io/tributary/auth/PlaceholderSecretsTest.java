package io.tributary.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlaceholderSecretsTest {
  @ParameterizedTest(name = "{0} is a placeholder")
  @ValueSource(
      strings = {
        "change-me",
        "CHANGE_ME",
        "changeme-operator-token",
        "change-me-pgbouncer",
        "replace-me",
        "<password>",
        "xxxxxxxx",
        "placeholder",
        "TODO",
        "your-token-here"
      })
  void placeholders(String value) {
    assertThat(PlaceholderSecrets.isPlaceholder(value)).isTrue();
    assertThatThrownBy(() -> PlaceholderSecrets.refuse("quarkus.datasource.password", value))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("quarkus.datasource.password holds a placeholder")
        .hasMessageNotContaining("'" + value + "'");
  }

  @ParameterizedTest(name = "{0} is a secret")
  @ValueSource(
      strings = {"test-operator-token-7f3c9a", "postgres", "9f8e7d6c5b4a39281706", "exchange-key"})
  void secrets(String value) {
    assertThat(PlaceholderSecrets.isPlaceholder(value)).isFalse();
  }

  @Test
  @DisplayName("The password of a JAAS configuration is found in either quotes")
  void jaas() {
    assertThat(
            PlaceholderSecrets.jaasPassword(
                "org.apache.kafka.common.security.scram.ScramLoginModule required"
                    + " username=\"tributary\" password=\"change-me\";"))
        .contains("change-me");
    assertThat(PlaceholderSecrets.jaasPassword("x required username='u' password='s3cr3t';"))
        .contains("s3cr3t");
    assertThat(PlaceholderSecrets.jaasPassword("x required;")).isEmpty();
  }

  @Test
  @DisplayName(
      "A service does not start with a placeholder operator token or user password (issue 47, M4)")
  void operatorCredentials() {
    assertThatThrownBy(
            () ->
                new OperatorCredentials(
                    OperatorCredentialsTest.Config.token("change-me-operator-token")))
        .hasMessageStartingWith("tributary.auth.token holds a placeholder");
    assertThatThrownBy(
            () ->
                new OperatorCredentials(
                    OperatorCredentialsTest.Config.basic(Map.of("alice", "changeme"))))
        .hasMessageStartingWith("tributary.auth.users.alice holds a placeholder");
  }

  @Test
  @DisplayName(
      "A service does not start with a placeholder database password or Kafka JAAS password; real"
          + " ones pass")
  void startupCheck() {
    assertThatThrownBy(
            () ->
                StartupSecretsCheck.check(
                    config(Map.of("quarkus.datasource.password", "change-me-orchestrator"))))
        .hasMessageStartingWith("quarkus.datasource.password holds a placeholder");
    assertThatThrownBy(
            () ->
                StartupSecretsCheck.check(
                    config(
                        Map.of(
                            "kafka.sasl.jaas.config",
                            "ScramLoginModule required username=\"u\" password=\"changeme\";"))))
        .hasMessageStartingWith("kafka.sasl.jaas.config (its password) holds a placeholder");
    StartupSecretsCheck.check(
        config(
            Map.of(
                "quarkus.datasource.password",
                "4f1c0e9a7b",
                "kafka.sasl.jaas.config",
                "ScramLoginModule required username=\"u\" password=\"9d8c7b6a\";")));
  }

  private static Config config(Map<String, String> values) {
    return new SmallRyeConfigBuilder()
        .withSources(new PropertiesConfigSource(values, "test", 500))
        .build();
  }
}
