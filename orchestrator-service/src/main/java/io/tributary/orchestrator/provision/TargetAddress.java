package io.tributary.orchestrator.provision;

import io.tributary.common.plan.PostgresUrl;
import java.util.Locale;
import java.util.Set;

/**
 * Where a PostgreSQL database lives: host, port and database name, read from a connection URL by
 * {@link PostgresUrl#parseConfigured} (the one parser of PostgreSQL URLs). Credentials and
 * parameters are ignored: two URLs name the same database when their addresses are {@link #sameAs
 * the same}.
 *
 * @param host the host name or address, lower case
 * @param port the port (5432 when the URL names none)
 * @param database the database (the user's name when the URL names none, as libpq does)
 */
public record TargetAddress(String host, int port, String database) {
  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

  /**
   * Reads the address of a PostgreSQL URL; of a list of URLs separated by commas (as Quarkus
   * accepts), the first.
   *
   * @throws IllegalArgumentException when the text is not a PostgreSQL URL, saying why
   */
  public static TargetAddress parse(String url) {
    PostgresUrl parsed = PostgresUrl.parseConfigured(url);
    return new TargetAddress(
        parsed.host().toLowerCase(Locale.ROOT), parsed.port(), parsed.database());
  }

  /**
   * True when both name the same database on the same server; {@code localhost}, {@code 127.0.0.1}
   * and {@code ::1} count as the same host. Host names are not resolved.
   */
  public boolean sameAs(TargetAddress other) {
    return canonicalHost().equals(other.canonicalHost())
        && port == other.port
        && database.equals(other.database);
  }

  private String canonicalHost() {
    return LOOPBACK.contains(host) ? "localhost" : host;
  }

  /** {@code host:port/database} */
  @Override
  public String toString() {
    return host + ":" + port + "/" + database;
  }
}
