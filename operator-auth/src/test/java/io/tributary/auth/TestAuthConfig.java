package io.tributary.auth;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@link OperatorAuthConfig} of the unit tests: the defaults of the settings a test does not set
 * itself.
 */
interface TestAuthConfig extends OperatorAuthConfig {
  @Override
  default Optional<List<String>> allowedHosts() {
    return Optional.empty();
  }

  @Override
  default int lockoutAfterFailures() {
    return 5;
  }

  @Override
  default Duration lockout() {
    return Duration.ofMinutes(1);
  }

  @Override
  default Duration sessionTtl() {
    return Duration.ofHours(12);
  }

  @Override
  default CookieSecure sessionCookieSecure() {
    return CookieSecure.AUTO;
  }
}
