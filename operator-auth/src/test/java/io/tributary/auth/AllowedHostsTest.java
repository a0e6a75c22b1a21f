package io.tributary.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AllowedHostsTest {
  private record Config(Optional<List<String>> allowedHosts) implements TestAuthConfig {
    @Override
    public Mode mode() {
      return Mode.TOKEN;
    }

    @Override
    public Optional<String> token() {
      return Optional.of("t");
    }

    @Override
    public Optional<Path> tokenFile() {
      return Optional.empty();
    }

    @Override
    public Map<String, String> users() {
      return Map.of();
    }

    @Override
    public String operatorName() {
      return "operator";
    }

    @Override
    public boolean openReadsOnLoopback() {
      return false;
    }
  }

  private static AllowedHosts hosts(String... configured) {
    return new AllowedHosts(
        new Config(configured.length == 0 ? Optional.empty() : Optional.of(List.of(configured))));
  }

  @Test
  @DisplayName("localhost, loopback and the machine's own name are allowed, with or without port")
  void ownNames() throws Exception {
    AllowedHosts hosts = hosts();
    assertThat(hosts.allows("localhost")).isTrue();
    assertThat(hosts.allows("LOCALHOST:18080")).isTrue();
    assertThat(hosts.allows("127.0.0.1:18080")).isTrue();
    assertThat(hosts.allows("[::1]:18080")).isTrue();
    assertThat(hosts.allows("[::1]")).isTrue();
    assertThat(hosts.allows("localhost.")).isTrue();
    assertThat(hosts.allows(InetAddress.getLocalHost().getHostName())).isTrue();
    // No Host header: not a browser's call.
    assertThat(hosts.allows(null)).isTrue();
  }

  @Test
  @DisplayName("Another site's name is refused (DNS rebinding); configured names are allowed")
  void otherNames() {
    AllowedHosts hosts = hosts("tributary.example.com", " Ingress.Example ");
    assertThat(hosts.allows("rebind.attacker.example")).isFalse();
    assertThat(hosts.allows("rebind.attacker.example:18080")).isFalse();
    assertThat(hosts.allows("localhost.attacker.example")).isFalse();
    assertThat(hosts.allows("127.0.0.1.nip.io")).isFalse();
    assertThat(hosts.allows("tributary.example.com:443")).isTrue();
    assertThat(hosts.allows("ingress.example")).isTrue();
    assertThat(hosts().allows("tributary.example.com")).isFalse();
  }

  @Test
  @DisplayName("* allows any name")
  void any() {
    assertThat(hosts("*").allows("rebind.attacker.example")).isTrue();
  }

  @Test
  @DisplayName("Ports, brackets, zones and trailing dots are not part of the name")
  void normalize() {
    assertThat(AllowedHosts.normalize("[::1]:80")).isEqualTo("0:0:0:0:0:0:0:1");
    assertThat(AllowedHosts.normalize("[0:0::1]")).isEqualTo("0:0:0:0:0:0:0:1");
    assertThat(AllowedHosts.normalize("fe80::1%eth0")).isEqualTo("fe80:0:0:0:0:0:0:1");
    assertThat(AllowedHosts.normalize("Example.COM.:80")).isEqualTo("example.com");
  }
}
