package io.tributary.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CredentialThrottleTest {
  private static final Optional<String> NOBODY = Optional.empty();

  private record Config(int lockoutAfterFailures, Duration lockout) implements TestAuthConfig {
    @Override
    public Mode mode() {
      return Mode.BASIC;
    }

    @Override
    public Optional<String> token() {
      return Optional.empty();
    }

    @Override
    public Optional<Path> tokenFile() {
      return Optional.empty();
    }

    @Override
    public Map<String, String> users() {
      return Map.of("alice", "secret");
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

  /** A clock the test moves. */
  private static final class Manual extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  @DisplayName("After N wrong credentials an address is locked out for the lockout, then not")
  void locksAndUnlocks() {
    Manual clock = new Manual();
    CredentialThrottle throttle =
        new CredentialThrottle(new Config(3, Duration.ofSeconds(60)), clock);
    throttle.failed("10.0.0.1", NOBODY);
    throttle.failed("10.0.0.1", NOBODY);
    assertThat(throttle.lockedFor("10.0.0.1", NOBODY)).isEmpty();
    throttle.failed("10.0.0.1", NOBODY);
    assertThat(throttle.lockedFor("10.0.0.1", NOBODY)).contains(Duration.ofSeconds(60));
    assertThat(throttle.lockedFor("10.0.0.2", NOBODY)).isEmpty();
    clock.now = clock.now.plusSeconds(45);
    assertThat(throttle.lockedFor("10.0.0.1", NOBODY)).contains(Duration.ofSeconds(15));
    clock.now = clock.now.plusSeconds(16);
    assertThat(throttle.lockedFor("10.0.0.1", NOBODY)).isEmpty();
  }

  @Test
  @DisplayName("Failures older than the lockout are forgotten; a right credential forgets them")
  void forgets() {
    Manual clock = new Manual();
    CredentialThrottle throttle =
        new CredentialThrottle(new Config(2, Duration.ofSeconds(10)), clock);
    throttle.failed("a", NOBODY);
    clock.now = clock.now.plusSeconds(11);
    throttle.failed("a", NOBODY);
    assertThat(throttle.lockedFor("a", NOBODY)).isEmpty();
    throttle.succeeded("a", NOBODY);
    throttle.failed("a", NOBODY);
    assertThat(throttle.lockedFor("a", NOBODY)).isEmpty();
    throttle.failed("a", NOBODY);
    assertThat(throttle.lockedFor("a", NOBODY)).isPresent();
  }

  @Test
  @DisplayName("In mode basic a user is locked out whatever address the guesses come from")
  void perUser() {
    Manual clock = new Manual();
    CredentialThrottle throttle =
        new CredentialThrottle(new Config(2, Duration.ofSeconds(10)), clock);
    throttle.failed("10.0.0.1", Optional.of("alice"));
    throttle.failed("10.0.0.2", Optional.of("alice"));
    assertThat(throttle.lockedFor("10.0.0.3", Optional.of("alice"))).isPresent();
    assertThat(throttle.lockedFor("10.0.0.3", Optional.of("bob"))).isEmpty();
    assertThat(CredentialThrottle.message("10.0.0.3", Duration.ofMillis(9100)))
        .isEqualTo(
            "too many wrong credentials from 10.0.0.3: credentials are refused for 10 s more"
                + " (tributary.auth.lockout-after-failures, tributary.auth.lockout)");
  }
}
