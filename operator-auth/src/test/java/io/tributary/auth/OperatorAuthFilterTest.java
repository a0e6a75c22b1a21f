package io.tributary.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OperatorAuthFilterTest {
  @ParameterizedTest(name = "Host {0} is this machine's loopback")
  @ValueSource(strings = {"localhost", "LOCALHOST", "127.0.0.1", "127.1.2.3", "[::1]", "::1"})
  void loopbackHosts(String host) {
    assertThat(OperatorAuthFilter.isLoopbackHost(host)).isTrue();
  }

  @ParameterizedTest(name = "Host {0} is not: a read naming it needs a credential")
  @ValueSource(
      strings = {
        "rebind.attacker.example",
        "localhost.attacker.example",
        "127.0.0.1.nip.io",
        "127.0.0.256",
        "128.0.0.1",
        "10.0.0.5",
        "tributary-orchestrator.tributary.svc",
        "",
        "[::2]"
      })
  void otherHosts(String host) {
    assertThat(OperatorAuthFilter.isLoopbackHost(host)).isFalse();
  }
}
