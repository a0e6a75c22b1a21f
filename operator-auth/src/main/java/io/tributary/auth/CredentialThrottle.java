package io.tributary.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down guessing of the operator's secret: after {@link
 * OperatorAuthConfig#lockoutAfterFailures()} wrong credentials from one remote address (or, in mode
 * basic, for one user) within {@link OperatorAuthConfig#lockout()}, its credentials are refused
 * unchecked for that long (429), right ones too, so that the answers tell a guesser nothing. A
 * right credential forgets the failures. Counted at the API ({@link OperatorAuthFilter}) and at the
 * web UI's sign-in alike; kept in this process only.
 *
 * <p>The address is the TCP peer's, never a proxy header's: behind a reverse proxy every client
 * shares the proxy's address, so one client's guesses lock out all of them for a while.
 */
@ApplicationScoped
public class CredentialThrottle {
  /** Entries kept before expired ones are swept out on the next failure. */
  private static final int SWEEP_ABOVE = 10_000;

  private record Failures(int count, Instant first, Instant lockedUntil) {}

  private final Map<String, Failures> failures = new ConcurrentHashMap<>();
  private final int limit;
  private final Duration lockout;
  private final Clock clock;

  @Inject
  public CredentialThrottle(OperatorAuthConfig config) {
    this(config, Clock.systemUTC());
  }

  CredentialThrottle(OperatorAuthConfig config, Clock clock) {
    this.limit = Math.max(1, config.lockoutAfterFailures());
    this.lockout = config.lockout();
    this.clock = clock;
  }

  /**
   * How long the credentials of this address (or user) are still refused; empty when they may be
   * checked.
   *
   * @param address the remote address, as text
   * @param user the user the credential names (mode basic), or empty
   */
  public Optional<Duration> lockedFor(String address, Optional<String> user) {
    Instant now = clock.instant();
    Duration longest = null;
    for (String key : keys(address, user)) {
      Failures f = failures.get(key);
      if (f != null && f.lockedUntil() != null && f.lockedUntil().isAfter(now)) {
        Duration left = Duration.between(now, f.lockedUntil());
        longest = longest == null || left.compareTo(longest) > 0 ? left : longest;
      }
    }
    return Optional.ofNullable(longest);
  }

  /** Records a wrong credential; locks the address (user) out once it reaches the limit. */
  public void failed(String address, Optional<String> user) {
    Instant now = clock.instant();
    for (String key : keys(address, user)) {
      failures.compute(
          key,
          (k, f) -> {
            if (f == null || f.first().plus(lockout).isBefore(now)) {
              f = new Failures(0, now, null);
            }
            int count = f.count() + 1;
            return count >= limit
                ? new Failures(0, now, now.plus(lockout))
                : new Failures(count, f.first(), f.lockedUntil());
          });
    }
    if (failures.size() > SWEEP_ABOVE) {
      failures
          .values()
          .removeIf(
              f ->
                  f.first().plus(lockout).isBefore(now)
                      && (f.lockedUntil() == null || f.lockedUntil().isBefore(now)));
    }
  }

  /** Forgets the failures of an address (user) that gave a right credential. */
  public void succeeded(String address, Optional<String> user) {
    keys(address, user).forEach(failures::remove);
  }

  /** The message of a 429: who is locked out, for how long more, and the settings. */
  public static String message(String address, Duration left) {
    return "too many wrong credentials from "
        + address
        + ": credentials are refused for "
        + Math.max(1, (left.toMillis() + 999) / 1000)
        + " s more (tributary.auth.lockout-after-failures, tributary.auth.lockout)";
  }

  private static List<String> keys(String address, Optional<String> user) {
    List<String> keys = new ArrayList<>(2);
    keys.add("address " + (address == null ? "unknown" : address));
    user.ifPresent(u -> keys.add("user " + u));
    return keys;
  }
}
