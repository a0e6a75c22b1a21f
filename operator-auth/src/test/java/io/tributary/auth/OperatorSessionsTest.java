package io.tributary.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class OperatorSessionsTest {
  private static OperatorSessions sessions(Duration ttl) {
    return new OperatorSessions(new Ttl(ttl));
  }

  private record Ttl(Duration sessionTtl) implements TestAuthConfig {
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
      return true;
    }
  }

  @Test
  @DisplayName("A session names its operator until it is closed; ids are unguessable and unique")
  void openAndClose() {
    OperatorSessions sessions = sessions(Duration.ofHours(1));
    String a = sessions.open("alice");
    String b = sessions.open("bob");
    assertThat(a).isNotEqualTo(b).hasSizeGreaterThanOrEqualTo(43);
    assertThat(sessions.operator(a)).contains("alice");
    assertThat(sessions.operator(b)).contains("bob");
    sessions.close(a);
    assertThat(sessions.operator(a)).isEmpty();
    assertThat(sessions.operator("forged")).isEmpty();
    assertThat(sessions.operator(null)).isEmpty();
  }

  @Test
  @DisplayName("An expired session is refused")
  void expires() {
    OperatorSessions sessions = sessions(Duration.ofSeconds(-1));
    assertThat(sessions.operator(sessions.open("alice"))).isEmpty();
  }
}
